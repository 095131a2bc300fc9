//! A scripted MTA talks to a session in memory, frame by frame, and to the server over a
//! loopback socket; the replies are checked against the milter protocol's letters.

use mamori_gateway::{mail_policy, Gateway, GatewaySection};
use mamori_milter::protocol::{read_frame, Reply, MAX_FRAME};
use mamori_milter::server::{Listen, LogFn, Server};
use mamori_milter::session::{Session, SessionError};
use std::io::{self, Cursor, Read, Write};
use std::sync::{Arc, Mutex};

fn frame(letter: u8, data: &[u8]) -> Vec<u8> {
    let mut f = ((data.len() + 1) as u32).to_be_bytes().to_vec();
    f.push(letter);
    f.extend(data);
    f
}

fn optneg(version: u32, actions: u32, protocol: u32) -> Vec<u8> {
    let mut d = Vec::new();
    for v in [version, actions, protocol] {
        d.extend(v.to_be_bytes());
    }
    frame(b'O', &d)
}

/// What Postfix 3.x sends for one message (macros, SMTP stages, headers, body, end).
fn postfix_message(headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut w = Vec::new();
    w.extend(frame(b'D', b"Cj\0mx.example.jp\0{daemon_name}\0smtpd\0"));
    w.extend(frame(b'C', b"client.example.jp\x004\x30\x39127.0.0.1\0"));
    w.extend(frame(b'H', b"client.example.jp\0"));
    w.extend(frame(b'M', b"<sender@example.jp>\0"));
    w.extend(frame(b'R', b"<rcpt@example.jp>\0"));
    w.extend(frame(b'T', b""));
    for (name, value) in headers {
        w.extend(frame(b'L', format!("{name}\0 {value}\0").as_bytes()));
    }
    w.extend(frame(b'D', b"Ni\x004ABCD1234\0"));
    w.extend(frame(b'N', b""));
    for chunk in body.chunks(65535) {
        w.extend(frame(b'B', chunk));
    }
    w.extend(frame(b'D', b"Ei\x004ABCD1234\0"));
    w.extend(frame(b'E', b""));
    w
}

struct Duplex {
    input: Cursor<Vec<u8>>,
    output: Vec<u8>,
}

impl Read for Duplex {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.input.read(buf)
    }
}

impl Write for Duplex {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.output.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn gateway(settings: GatewaySection) -> Gateway {
    let settings = GatewaySection { policy: Some(mail_policy()), ..settings };
    Gateway::new(mamori::Scanner::builder().build().unwrap(), settings).unwrap()
}

/// What a session did: how it ended, the reply frames (letter, data) and the log lines.
type Run = (Result<(), SessionError>, Vec<(u8, Vec<u8>)>, Vec<String>);

/// Runs `wire` through a session.
fn run(gateway: &Gateway, wire: Vec<u8>) -> Run {
    let logs = Mutex::new(Vec::new());
    let log = |line: &str| logs.lock().unwrap().push(line.to_string());
    let mut duplex = Duplex { input: Cursor::new(wire), output: Vec::new() };
    let result = Session::new(gateway, &log).serve(&mut duplex);
    let mut replies = Vec::new();
    let mut r = &duplex.output[..];
    let mut buf = Vec::new();
    while let Some(letter) = read_frame(&mut r, MAX_FRAME, &mut buf).unwrap() {
        replies.push((letter, buf.clone()));
    }
    (result, replies, logs.into_inner().unwrap())
}

fn letters(replies: &[(u8, Vec<u8>)]) -> String {
    replies.iter().map(|(l, _)| *l as char).collect()
}

const ALL_ACTIONS: u32 = 0x1ff;
const ALL_FLAGS: u32 = 0x1f_ffff;

#[test]
fn negotiation_asks_for_headers_quarantine_and_leading_space() {
    let (result, replies, _) =
        run(&gateway(GatewaySection::default()), optneg(6, ALL_ACTIONS, ALL_FLAGS));
    result.unwrap();
    assert_eq!(replies.len(), 1);
    let (letter, data) = &replies[0];
    assert_eq!(*letter, b'O');
    assert_eq!(data[..4], 6u32.to_be_bytes());
    assert_eq!(data[4..8], (0x01u32 | 0x10 | 0x20).to_be_bytes(), "ADDHDRS|CHGHDRS|QUARANTINE");
    // HDR_LEADSPC only: every step is sent and answered (no SMFIP_NR_*, see session.rs).
    assert_eq!(data[8..12], 0x0010_0000u32.to_be_bytes());
    // An MTA offering fewer actions gets only those.
    let (_, replies, _) = run(&gateway(GatewaySection::default()), optneg(6, 0x01, 0));
    assert_eq!(replies[0].1[4..12], [0, 0, 0, 1, 0, 0, 0, 0]);
    let (result, _, _) = run(&gateway(GatewaySection::default()), optneg(1, ALL_ACTIONS, 0));
    assert!(matches!(result, Err(SessionError::Version(1))));
}

#[test]
fn clean_message_is_tagged_and_forged_verdicts_removed() {
    let mut wire = optneg(6, ALL_ACTIONS, ALL_FLAGS);
    wire.extend(postfix_message(
        &[
            ("From", "sender@example.jp"),
            ("To", "rcpt@example.jp"),
            ("Subject", "meeting"),
            ("X-Mamori-Verdict", "allow"),
        ],
        b"See you at three.\r\n-- \r\nYamada TEL 03-1234-5678\r\n",
    ));
    wire.extend(frame(b'Q', b""));
    let (result, replies, logs) = run(&gateway(GatewaySection::default()), wire);
    result.unwrap();
    // O, then continue for connect, helo, mail, rcpt, data, 4 headers, eoh, body; then
    // delete the forged header, add two headers, continue.
    assert_eq!(letters(&replies), format!("O{}mhhc", "c".repeat(11)));
    let eom = &replies[replies.len() - 4..];
    assert_eq!(eom[0].1, b"\0\0\0\x01X-Mamori-Verdict\0\0");
    assert_eq!(eom[1].1, b"X-Mamori-Verdict\0 allow\0");
    assert_eq!(eom[2].1, b"X-Mamori-Counts\0 phone=1\0", "From/To are not counted");
    assert_eq!(logs.len(), 1);
    assert!(logs[0].contains("\"queue_id\":\"4ABCD1234\""), "{}", logs[0]);
    assert!(logs[0].contains("\"decision\":\"accept\""), "{}", logs[0]);
}

#[test]
fn mta_without_leading_space_gets_values_without_it() {
    let mut wire = optneg(6, ALL_ACTIONS, 0);
    wire.extend(postfix_message(
        &[("Subject", "meeting"), ("X-Mamori-Counts", "none")],
        b"hello\r\n",
    ));
    let (result, replies, _) = run(&gateway(GatewaySection::default()), wire);
    result.unwrap();
    // Continue for connect, helo, mail, rcpt, data, 2 headers, eoh, body.
    assert_eq!(letters(&replies), format!("O{}mhhc", "c".repeat(9)));
    let n = replies.len();
    assert_eq!(replies[n - 4].1, b"\0\0\0\x01X-Mamori-Counts\0\0");
    assert_eq!(replies[n - 3].1, b"X-Mamori-Verdict\0allow\0", "no leading space agreed");
}

#[test]
fn my_number_is_rejected_550() {
    let mut wire = optneg(6, ALL_ACTIONS, ALL_FLAGS);
    wire.extend(postfix_message(
        &[("Subject", "情報")],
        "マイナンバー 6214-9832-0257\r\n".as_bytes(),
    ));
    let (result, replies, logs) = run(&gateway(GatewaySection::default()), wire);
    result.unwrap();
    let (letter, text) = replies.last().unwrap();
    assert_eq!(*letter, b'y');
    let text = String::from_utf8(text.clone()).unwrap();
    assert!(text.starts_with("550 5.7.1 個人情報"), "{text}");
    assert!(text.ends_with('\0'));
    assert!(logs[0].contains("\"verdict\":\"block\"") && !logs[0].contains("0257"), "{}", logs[0]);
}

#[test]
fn oversize_message_is_quarantined_unscanned() {
    let settings = GatewaySection { max_message_bytes: 100_000, ..GatewaySection::default() };
    let mut wire = optneg(6, ALL_ACTIONS, ALL_FLAGS);
    wire.extend(postfix_message(&[("Subject", "big")], &vec![b'a'; 300_000]));
    let (result, replies, logs) = run(&gateway(settings), wire);
    result.unwrap();
    assert!(letters(&replies).ends_with("hqc"), "{}", letters(&replies));
    assert!(logs[0].contains("\"failure\":\"oversize\""), "{}", logs[0]);
}

#[test]
fn abort_forgets_the_message() {
    let mut wire = optneg(6, ALL_ACTIONS, ALL_FLAGS);
    wire.extend(frame(b'L', "Subject\0 マイナンバー 6214-9832-0257\0".as_bytes()));
    wire.extend(frame(b'A', b""));
    wire.extend(postfix_message(&[("Subject", "hello")], b"nothing here\r\n"));
    let (result, replies, logs) = run(&gateway(GatewaySection::default()), wire);
    result.unwrap();
    assert_eq!(replies.last().unwrap().0, b'c', "{}", letters(&replies));
    assert_eq!(logs.len(), 1);
    assert!(logs[0].contains("\"verdict\":\"allow\""), "{}", logs[0]);
}

#[test]
fn oversized_frame_ends_the_connection() {
    let mut wire = optneg(6, ALL_ACTIONS, ALL_FLAGS);
    wire.extend([0xff, 0xff, 0xff, 0xf0, b'B']);
    let (result, replies, _) = run(&gateway(GatewaySection::default()), wire);
    assert!(matches!(result, Err(SessionError::Frame(_))), "{result:?}");
    assert_eq!(letters(&replies), "O");
}

#[test]
fn server_answers_over_loopback() {
    let server = Server::bind(&Listen::Tcp("127.0.0.1:0".parse().unwrap())).unwrap();
    let addr = server.local_addr().unwrap();
    let gw = Arc::new(gateway(GatewaySection { max_connections: 2, ..GatewaySection::default() }));
    let log: LogFn = Arc::new(|_| {});
    std::thread::spawn(move || server.run(gw, log));
    let mut conn = std::net::TcpStream::connect(addr).unwrap();
    conn.set_read_timeout(Some(std::time::Duration::from_secs(20))).unwrap();
    let mut wire = optneg(6, ALL_ACTIONS, ALL_FLAGS);
    wire.extend(postfix_message(
        &[("Subject", "x")],
        "カード番号 4111 1111 1111 1111\r\n".as_bytes(),
    ));
    conn.write_all(&wire).unwrap();
    let mut buf = Vec::new();
    let mut got = String::new();
    while !got.ends_with('y') {
        let letter = read_frame(&mut conn, MAX_FRAME, &mut buf).unwrap().expect("a reply");
        got.push(letter as char);
    }
    assert!(buf.starts_with(b"550 5.7.1 "), "{}", String::from_utf8_lossy(&buf));
    conn.write_all(&frame(b'Q', b"")).unwrap();
    assert_eq!(Reply::Continue.encode(), [0, 0, 0, 1, b'c']);
}

#[test]
fn silent_connection_is_closed_after_the_idle_timeout() {
    let server = Server::bind(&Listen::Tcp("127.0.0.1:0".parse().unwrap())).unwrap();
    let addr = server.local_addr().unwrap();
    let gw =
        Arc::new(gateway(GatewaySection { idle_timeout_secs: 1, ..GatewaySection::default() }));
    let log: LogFn = Arc::new(|_| {});
    std::thread::spawn(move || server.run(gw, log));
    let mut conn = std::net::TcpStream::connect(addr).unwrap();
    conn.set_read_timeout(Some(std::time::Duration::from_secs(20))).unwrap();
    let started = std::time::Instant::now();
    let mut byte = [0u8];
    // The server closes its end: the read sees the end of the stream, not our timeout.
    assert_eq!(conn.read(&mut byte).unwrap(), 0);
    assert!(started.elapsed() < std::time::Duration::from_secs(15));
}
