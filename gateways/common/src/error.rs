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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Gateway, GatewayKind};
    use mamori_config::ScannerOpts;
    use std::error::Error;

    #[test]
    fn config_error_passes_through_unchanged() {
        let opts = ScannerOpts { context_window: Some(0), ..ScannerOpts::default() };
        let e = Gateway::load(&opts, GatewayKind::Icap).expect_err("window 0 is refused");
        assert!(matches!(e, GatewayError::Config(mamori_config::ConfigError::Scanner { .. })));
        assert_eq!(
            e.to_string(),
            "--context-window: context window of 0 characters is out of range (1..=2000)"
        );
        assert!(e.source().is_none(), "the message already holds the engine's text");
    }

    #[test]
    fn policy_error_says_gateway_policy_then_the_engine_error() {
        // The engine checks a policy only while compiling the rest of the configuration,
        // which `Gateway::new` receives already compiled; the variant is built directly.
        let e = GatewayError::Policy(mamori::ConfigError::BadWindow { chars: 0, max: 2000 });
        assert_eq!(e.to_string(), "gateway policy");
        assert_eq!(
            e.source().map(|s| s.to_string()).as_deref(),
            Some("context window of 0 characters is out of range (1..=2000)")
        );
    }
}
