//! Paying for an order. At the door (线下支付) the provider records what was paid and how. Online
//! payment goes through `PaymentGateway`; no payment institution is contracted yet, so the only
//! gateway is `NotConnected`, which refuses every charge, and the order page says so plainly.
use crate::prefs::Lang;

#[derive(Debug, thiserror::Error)]
pub enum PaymentError {
    #[error("no online payment gateway is connected")]
    NotConnected,
}

pub trait PaymentGateway: Send + Sync {
    /// Whether residents can pay online now (shown on every order page).
    fn available(&self) -> bool;
    /// Starts a charge for an order; the URL to send the payer to.
    fn start(&self, order_ref: &str, cents: i64) -> Result<String, PaymentError>;
}

/// The gateway until a payment institution is contracted and configured.
pub struct NotConnected;

impl PaymentGateway for NotConnected {
    fn available(&self) -> bool {
        false
    }
    fn start(&self, _order_ref: &str, _cents: i64) -> Result<String, PaymentError> {
        Err(PaymentError::NotConnected)
    }
}

pub fn gateway() -> &'static dyn PaymentGateway {
    &NotConnected
}

/// How a provider may record payment at the door.
pub const METHODS: &[(&str, &str, &str)] = &[
    ("cash", "现金", "Cash"),
    ("wechat", "微信扫码（服务商收款码）", "WeChat QR (the provider's code)"),
    ("alipay", "支付宝扫码（服务商收款码）", "Alipay QR (the provider's code)"),
    ("card", "银行卡", "Bank card"),
];

pub fn method_label(code: &str, lang: Lang) -> &'static str {
    super::label(METHODS, code, lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_gateway_refuses_to_charge() {
        assert!(!gateway().available());
        assert!(matches!(gateway().start("M1", 100), Err(PaymentError::NotConnected)));
    }
}
