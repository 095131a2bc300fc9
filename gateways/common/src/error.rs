//! Why a gateway could not be set up.

/// Why [`Gateway::load`](crate::Gateway::load) or [`Gateway::new`](crate::Gateway::new)
/// failed.
///
/// ```
/// use mamori_config::ScannerOpts;
/// use mamori_gateway::{Gateway, GatewayError, GatewayKind};
///
/// let opts = ScannerOpts { config: Some("no-such-mamori.toml".into()), ..Default::default() };
/// let err = Gateway::load(&opts, GatewayKind::Milter).err().expect("the file is missing");
/// assert!(matches!(err, GatewayError::Config(mamori_config::ConfigError::ReadConfig { .. })));
/// assert_eq!(err.to_string(), "cannot read config no-such-mamori.toml");
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GatewayError {
    /// The configuration file, a keyword file or the detection options were refused.
    #[error(transparent)]
    Config(#[from] mamori_config::ConfigError),
    /// The engine refused the gateway's own policy (the `policy` of `[milter]` or `[icap]`).
    #[error("gateway policy")]
    Policy(#[source] mamori::ConfigError),
}
