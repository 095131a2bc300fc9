//! mamori-icap over a loopback socket, spoken to as Squid does: OPTIONS, REQMOD and
//! RESPMOD with previews, `Allow: 204` or not, multipart uploads, oversize bodies,
//! malformed requests and silent or slow clients.
//!
//! The My Number `6214-9832-0257` has a valid check digit (python-stdnum:
//! `stdnum.jp.in_.is_valid("621498320257")` is true).

use mamori_gateway::{mail_policy, FailMode, Gateway, GatewaySection};
use mamori_icap::server::{LogFn, Server};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const MY_NUMBER_CSV: &str = "氏名,個人番号\n山田太郎,6214-9832-0257\n";

struct Icap {
    addr: SocketAddr,
    logs: Arc<Mutex<Vec<String>>>,
}

fn start(settings: GatewaySection) -> Icap {
    let settings = GatewaySection { policy: Some(mail_policy()), ..settings };
    let gateway = Gateway::new(mamori::Scanner::builder().build().unwrap(), settings).unwrap();
    let server = Server::bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let addr = server.local_addr().unwrap();
    let logs = Arc::new(Mutex::new(Vec::new()));
    let sink = logs.clone();
    let log: LogFn = Arc::new(move |line: &str| sink.lock().unwrap().push(line.to_string()));
    std::thread::spawn(move || server.run(Arc::new(gateway), log));
    Icap { addr, logs }
}

fn connect(icap: &Icap) -> TcpStream {
    let s = TcpStream::connect(icap.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s
}

/// A REQMOD of a POST carrying `body`, with a preview of `preview` bytes (if any).
fn reqmod(
    content_type: &str,
    path: &str,
    body: &[u8],
    preview: Option<usize>,
    allow_204: bool,
) -> (Vec<u8>, Vec<u8>) {
    let http = format!(
        "POST http://example.test{path} HTTP/1.1\r\nHost: example.test\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    let mut head = "REQMOD icap://127.0.0.1/reqmod ICAP/1.0\r\nHost: 127.0.0.1\r\n".to_string();
    if allow_204 {
        head.push_str("Allow: 204\r\n");
    }
    if let Some(p) = preview {
        head.push_str(&format!("Preview: {p}\r\n"));
    }
    head.push_str(&format!("Encapsulated: req-hdr=0, req-body={}\r\n\r\n", http.len()));
    let mut first = head.into_bytes();
    first.extend_from_slice(http.as_bytes());
    let mut rest = Vec::new();
    match preview {
        Some(p) if body.len() <= p => {
            chunk(&mut first, body);
            first.extend_from_slice(b"0; ieof\r\n\r\n");
        }
        Some(p) => {
            chunk(&mut first, &body[..p]);
            first.extend_from_slice(b"0\r\n\r\n");
            for piece in body[p..].chunks(1000) {
                chunk(&mut rest, piece);
            }
            rest.extend_from_slice(b"0\r\n\r\n");
        }
        None => {
            for piece in body.chunks(1000) {
                chunk(&mut first, piece);
            }
            first.extend_from_slice(b"0\r\n\r\n");
        }
    }
    (first, rest)
}

fn chunk(out: &mut Vec<u8>, data: &[u8]) {
    if !data.is_empty() {
        out.extend_from_slice(format!("{:x}\r\n", data.len()).as_bytes());
        out.extend_from_slice(data);
        out.extend_from_slice(b"\r\n");
    }
}

/// One ICAP response: its head, and its encapsulated part as it came (headers and
/// chunks decoded into the body).
struct Response {
    head: String,
    http_head: Vec<u8>,
    body: Vec<u8>,
}

fn read_response(r: &mut impl BufRead) -> Response {
    let mut head = String::new();
    loop {
        let mut line = String::new();
        assert!(r.read_line(&mut line).unwrap() > 0, "closed; head so far {head:?}");
        head.push_str(&line);
        if line == "\r\n" {
            break;
        }
    }
    let enc = head
        .lines()
        .find_map(|l| l.strip_prefix("Encapsulated: "))
        .unwrap_or("null-body=0")
        .to_string();
    let last: Vec<&str> = enc.rsplit(", ").next().unwrap().split('=').collect();
    let mut http_head = vec![0; last[1].parse().unwrap()];
    r.read_exact(&mut http_head).unwrap();
    let mut body = Vec::new();
    if last[0] != "null-body" {
        loop {
            let mut line = String::new();
            r.read_line(&mut line).unwrap();
            let size = usize::from_str_radix(line.trim_end(), 16).unwrap();
            if size == 0 {
                r.read_line(&mut line).unwrap();
                break;
            }
            let mut data = vec![0; size + 2];
            r.read_exact(&mut data).unwrap();
            body.extend_from_slice(&data[..size]);
        }
    }
    Response { head, http_head, body }
}

/// Sends a whole exchange (with the 100 Continue step when there is a rest).
fn exchange(s: &mut TcpStream, (first, rest): (Vec<u8>, Vec<u8>)) -> Response {
    s.write_all(&first).unwrap();
    let mut r = BufReader::new(s.try_clone().unwrap());
    if rest.is_empty() {
        return read_response(&mut r);
    }
    let mut line = String::new();
    r.read_line(&mut line).unwrap();
    assert_eq!(line, "ICAP/1.0 100 Continue\r\n");
    r.read_line(&mut line).unwrap();
    s.write_all(&rest).unwrap();
    read_response(&mut r)
}

#[test]
fn options_advertise_the_service() {
    let icap = start(GatewaySection { max_connections: 7, ..GatewaySection::default() });
    let mut s = connect(&icap);
    s.write_all(b"OPTIONS icap://127.0.0.1/respmod ICAP/1.0\r\nHost: 127.0.0.1\r\nEncapsulated: null-body=0\r\n\r\n").unwrap();
    let r = read_response(&mut BufReader::new(s));
    for line in [
        "ICAP/1.0 200 OK\r\n",
        "Methods: RESPMOD\r\n",
        "Allow: 204\r\n",
        "Max-Connections: 7\r\n",
        "Preview: 4096\r\n",
        "ISTag: ",
    ] {
        assert!(r.head.contains(line), "{line} in {}", r.head);
    }
}

#[test]
fn my_number_upload_is_refused_with_a_page_naming_the_kind() {
    let icap = start(GatewaySection::default());
    let mut s = connect(&icap);
    let r =
        exchange(&mut s, reqmod("text/csv", "/upload", MY_NUMBER_CSV.as_bytes(), Some(4096), true));
    let http = String::from_utf8(r.http_head).unwrap();
    assert!(http.starts_with("HTTP/1.1 403 Forbidden\r\n"), "{http}");
    let page = String::from_utf8(r.body).unwrap();
    assert!(page.contains("my_number") && page.contains("ブロック"), "{page}");
    assert!(!page.contains("0257") && !page.contains("山田"), "no value in the page");
    let logs = icap.logs.lock().unwrap();
    assert!(logs[0].contains("\"verdict\":\"block\"") && !logs[0].contains("0257"), "{logs:?}");
}

#[test]
fn clean_upload_gets_204_or_comes_back_unchanged() {
    let icap = start(GatewaySection::default());
    let body: Vec<u8> = (0..100_000).map(|i| b"abcdefghij \n"[i % 12]).collect();
    let mut s = connect(&icap);
    let r = exchange(&mut s, reqmod("text/plain", "/notes.txt", &body, Some(4096), true));
    assert!(r.head.starts_with("ICAP/1.0 204 No Content\r\n"), "{}", r.head);
    // Same connection, no 204 allowed: the request comes back byte for byte.
    let r = exchange(&mut s, reqmod("text/plain", "/notes.txt", &body, Some(4096), false));
    assert!(r.head.starts_with("ICAP/1.0 200 OK\r\n"), "{}", r.head);
    assert!(String::from_utf8_lossy(&r.http_head)
        .starts_with("POST http://example.test/notes.txt HTTP/1.1\r\n"));
    assert_eq!(r.body, body);
    // Without a preview at all.
    let r = exchange(&mut s, reqmod("text/plain", "/n.txt", &body, None, false));
    assert_eq!(r.body, body);
}

#[test]
fn multipart_file_part_is_scanned() {
    let icap = start(GatewaySection::default());
    let body = format!(
        "--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n\
         --XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"list.csv\"\r\nContent-Type: text/csv\r\n\r\n{MY_NUMBER_CSV}\r\n--XyZ--\r\n"
    );
    let mut s = connect(&icap);
    let r = exchange(
        &mut s,
        reqmod("multipart/form-data; boundary=XyZ", "/form", body.as_bytes(), Some(64), true),
    );
    assert!(String::from_utf8_lossy(&r.http_head).starts_with("HTTP/1.1 403"), "{}", r.head);
    let clean =
        "--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n--XyZ--\r\n";
    let r = exchange(
        &mut s,
        reqmod("multipart/form-data; boundary=XyZ", "/form", clean.as_bytes(), Some(4096), true),
    );
    assert!(r.head.starts_with("ICAP/1.0 204"), "{}", r.head);
}

#[test]
fn respmod_download_with_personal_data_is_refused() {
    let icap = start(GatewaySection::default());
    let req = "GET http://example.test/list.csv HTTP/1.1\r\nHost: example.test\r\n\r\n";
    let res = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nContent-Length: {}\r\n\r\n",
        MY_NUMBER_CSV.len()
    );
    let mut msg = format!(
        "RESPMOD icap://127.0.0.1/respmod ICAP/1.0\r\nHost: 127.0.0.1\r\nAllow: 204\r\nPreview: 4096\r\n\
         Encapsulated: req-hdr=0, res-hdr={}, res-body={}\r\n\r\n{req}{res}",
        req.len(),
        req.len() + res.len()
    )
    .into_bytes();
    chunk(&mut msg, MY_NUMBER_CSV.as_bytes());
    msg.extend_from_slice(b"0; ieof\r\n\r\n");
    let mut s = connect(&icap);
    let r = exchange(&mut s, (msg, Vec::new()));
    assert!(String::from_utf8_lossy(&r.http_head).starts_with("HTTP/1.1 403"), "{}", r.head);
}

#[test]
fn oversize_follows_on_oversize() {
    let body = vec![b'x'; 150_000];
    // Default (quarantine), 204 allowed: refused, uninspected.
    let icap = start(GatewaySection { max_message_bytes: 70_000, ..GatewaySection::default() });
    let mut s = connect(&icap);
    let r = exchange(&mut s, reqmod("text/plain", "/big.txt", &body, Some(4096), true));
    assert!(String::from_utf8_lossy(&r.body).contains("could not be inspected"));
    assert!(icap.logs.lock().unwrap()[0].contains("\"failure\":\"oversize\""));
    // No 204 allowed: the answer began before the limit was reached, and is cut off.
    let mut s = connect(&icap);
    let got = aborted_exchange(&mut s, reqmod("text/plain", "/big.txt", &body, Some(4096), false));
    assert!(got.starts_with(b"ICAP/1.0 200 OK\r\n"), "{:?}", String::from_utf8_lossy(&got));
    assert!(got.ends_with(b"Content-Length: 150000\r\n\r\n"), "the head only, no body chunk");
    // accept, no 204: relayed back whole while it arrives.
    let icap = start(GatewaySection {
        max_message_bytes: 70_000,
        on_oversize: FailMode::Accept,
        ..GatewaySection::default()
    });
    let mut s = connect(&icap);
    let r = exchange(&mut s, reqmod("text/plain", "/big.txt", &body, Some(4096), false));
    assert!(r.head.starts_with("ICAP/1.0 200 OK"), "{}", r.head);
    assert_eq!(r.body, body);
    // accept with 204: 204.
    let r = exchange(&mut s, reqmod("text/plain", "/big.txt", &body, Some(4096), true));
    assert!(r.head.starts_with("ICAP/1.0 204"), "{}", r.head);
}

#[test]
fn large_body_without_204_is_answered_early_and_cut_when_refused() {
    let icap = start(GatewaySection::default());
    let mut dirty = vec![b'a'; 100_000];
    dirty.extend_from_slice(MY_NUMBER_CSV.as_bytes());
    let mut s = connect(&icap);
    let got = aborted_exchange(&mut s, reqmod("text/csv", "/list.csv", &dirty, Some(4096), false));
    assert!(got.starts_with(b"ICAP/1.0 200 OK\r\n"), "{:?}", String::from_utf8_lossy(&got[..40]));
    assert!(!got.windows(4).any(|w| w == b"0257"), "none of the refused body went back");
    assert!(icap.logs.lock().unwrap()[0].contains("\"verdict\":\"block\""));
}

/// Sends an exchange whose answer is expected to be cut off; returns what came back.
fn aborted_exchange(s: &mut TcpStream, (first, rest): (Vec<u8>, Vec<u8>)) -> Vec<u8> {
    s.write_all(&first).unwrap();
    let mut r = BufReader::new(s.try_clone().unwrap());
    let mut line = String::new();
    r.read_line(&mut line).unwrap();
    assert_eq!(line, "ICAP/1.0 100 Continue\r\n");
    r.read_line(&mut line).unwrap();
    let _ = s.write_all(&rest);
    let mut got = Vec::new();
    let _ = r.read_to_end(&mut got);
    got
}

fn closed_after(s: &mut TcpStream) -> Vec<u8> {
    let mut got = Vec::new();
    s.read_to_end(&mut got).unwrap();
    got
}

#[test]
fn malformed_requests_get_400_and_the_server_goes_on() {
    let icap = start(GatewaySection::default());
    for bad in [
        &b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"[..],
        b"REQMOD icap://h/reqmod ICAP/1.0\r\nEncapsulated: req-hdr=0, req-body=99999999\r\n\r\n",
        b"REQMOD icap://h/reqmod ICAP/1.0\r\nEncapsulated: req-hdr=0, req-body=2\r\n\r\nx\r\nzz\r\n",
        b"REQMOD icap://h/reqmod ICAP/1.0\r\nEncapsulated: req-hdr=0, req-body=2\r\n\r\nx\r\n8000000000000000\r\n",
    ] {
        let mut s = connect(&icap);
        s.write_all(bad).unwrap();
        let got = closed_after(&mut s);
        assert!(got.starts_with(b"ICAP/1.0 400 Bad Request\r\n"), "{:?}", String::from_utf8_lossy(&got));
    }
    // A chunk claiming 2^59 bytes, then the connection ends: no answer, nothing allocated.
    let mut s = connect(&icap);
    s.write_all(b"REQMOD icap://h/reqmod ICAP/1.0\r\nEncapsulated: req-hdr=0, req-body=2\r\n\r\nx\r\n800000000000000\r\nabc").unwrap();
    s.shutdown(std::net::Shutdown::Write).unwrap();
    closed_after(&mut s);
    let mut s = connect(&icap);
    let r = exchange(&mut s, reqmod("text/plain", "/a.txt", b"fine", Some(4096), true));
    assert!(r.head.starts_with("ICAP/1.0 204"));
}

#[test]
fn idle_and_slow_clients_are_cut_off() {
    let icap = start(GatewaySection { idle_timeout_secs: 1, ..GatewaySection::default() });
    let started = Instant::now();
    let mut s = connect(&icap);
    assert!(closed_after(&mut s).is_empty());
    let idle = started.elapsed();
    assert!(idle >= Duration::from_millis(900) && idle < Duration::from_secs(5), "{idle:?}");
    // One byte every 200 ms never completes a head within the second.
    let started = Instant::now();
    let mut s = connect(&icap);
    for b in b"OPTIONS icap://127.0.0.1/reqmod ICAP/1.0\r\nHost: x\r\n".iter() {
        if s.write_all(&[*b]).is_err() {
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
        if started.elapsed() > Duration::from_secs(4) {
            break;
        }
    }
    let slow = started.elapsed();
    assert!(slow < Duration::from_secs(4), "the trickle was never cut off: {slow:?}");
}
