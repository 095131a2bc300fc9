use mamori::Scanner;

#[test]
fn probe() {
    let s = Scanner::builder().build().unwrap();
    for t in [
        "+1 415 555 0132", "+44 (20) 7123 4567", "+49 30 1234567", "+33 1 42 68 53 00",
        "+55 11 98456 5666", "+81-090-1234-5678", "+81 090 1234 5678", "+8109012345678",
        "user=07014735131", "03.1234.5678", "連絡 09012345678 まで", "郵便番号：9218046",
        "郵便番号は2060033です", "マイナンバー 6141-0652-600-0", "123456789018",
        "カード番号 4111 1111 1111 1111", "card number: 6200000000000005",
    ] {
        let r = s.scan(t.as_bytes());
        let f: Vec<_> = r.findings.iter().map(|f| format!("{}:{:?}:{}:{}", f.kind.as_str(), f.rule, f.masked, f.confidence.score)).collect();
        println!("{t:40} => {f:?}");
    }
}
