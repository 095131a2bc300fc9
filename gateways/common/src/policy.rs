//! The policy a gateway applies when the configuration names none.

use mamori::{Action, Kind, Policy, Severity, Thresholds};

/// The default mail policy: block on any My Number, on 10 or more distinct personal items,
/// on any payment card number and on high-severity keywords; hold for review what could not
/// be inspected (an encrypted zip sent with its password in a second mail, "PPAP"). One or
/// two items, such as the sender's signature, pass.
///
/// ```
/// use mamori::{Action, Scanner};
/// let scanner = Scanner::builder().policy(mamori_gateway::mail_policy()).build().unwrap();
/// let signature = "山田太郎\nTEL 03-1234-5678\nyamada@example.co.jp\n";
/// assert_eq!(scanner.scan(signature.as_bytes()).verdict.action, Action::Allow);
/// ```
pub fn mail_policy() -> Policy {
    let mut policy = Policy {
        block_on_any: vec![Kind::MyNumber],
        review_at_personal: None,
        block_at_personal: Some(10),
        block_on_severity: Some(Severity::High),
        on_unscannable: Action::Review,
        ..Policy::default()
    };
    policy.per_kind.insert("credit_card".into(), Thresholds { review: None, block: Some(1) });
    policy
}
