//! The content-stream interpreter: text operators and form XObjects, in reading order.

use super::super::unit::Unit;
use super::super::Stop;
use super::filters::decode_stream;
use super::fonts::{FontDec, Fonts};
use super::lexer::Lexer;
use super::objects::{Doc, Obj};
use super::MAX_XOBJECT_DEPTH;

/// Runs content streams.
pub(super) struct Content<'d, 'a> {
    pub(super) doc: &'d mut Doc<'a>,
    pub(super) fonts: &'d mut Fonts,
}

impl Content<'_, '_> {
    pub(super) fn run(
        &mut self,
        unit: &mut Unit<'_, '_>,
        data: &[u8],
        res: &Obj,
        depth: usize,
        out: &mut String,
    ) -> Result<(), Stop> {
        if depth > MAX_XOBJECT_DEPTH {
            return Ok(());
        }
        let res = self.doc.resolve(res);
        let mut lx = Lexer::new(data, 0, usize::MAX);
        let mut ops: Vec<Obj> = Vec::new();
        let mut font = FontDec::WinAnsi;
        let mut last_y: Option<f64> = None;
        let mut n = 0usize;
        loop {
            n += 1;
            if n.is_multiple_of(65_536) {
                unit.budget().check()?;
                if out.len() > 1 << 20 {
                    unit.push(out)?;
                    out.clear();
                }
            }
            lx.skip_white();
            if lx.pos >= data.len() {
                break;
            }
            let before = lx.pos;
            let Some(o) = lx.obj(0) else { break };
            if lx.pos == before {
                lx.pos += 1;
                continue;
            }
            let Obj::Op(op) = o else {
                if ops.len() < 64 {
                    ops.push(o);
                }
                continue;
            };
            match op.as_slice() {
                b"Tf" => {
                    if let Some(Obj::Name(name)) = ops.first() {
                        let name = name.clone();
                        font = self.fonts.font(self.doc, &res, &name);
                    }
                }
                b"Tj" => {
                    if let Some(Obj::Str(s)) = ops.last() {
                        font.decode(s, out);
                    }
                }
                b"'" | b"\"" => {
                    out.push('\n');
                    if let Some(Obj::Str(s)) = ops.last() {
                        font.decode(s, out);
                    }
                }
                b"TJ" => {
                    if let Some(Obj::Arr(a)) = ops.last() {
                        for item in a {
                            match item {
                                Obj::Str(s) => font.decode(s, out),
                                Obj::Num(k) if *k < -300.0 => out.push(' '),
                                _ => {}
                            }
                        }
                    }
                }
                b"T*" => out.push('\n'),
                b"Td" | b"TD" => {
                    if let (Some(Obj::Num(_)), Some(Obj::Num(ty))) = (ops.first(), ops.get(1)) {
                        if ty.abs() > 0.01 {
                            out.push('\n');
                        } else {
                            out.push(' ');
                        }
                    }
                }
                b"Tm" => {
                    if let Some(Obj::Num(y)) = ops.get(5) {
                        if last_y.is_some_and(|l| (l - y).abs() > 0.01) {
                            out.push('\n');
                        } else if last_y.is_some() {
                            out.push(' ');
                        }
                        last_y = Some(*y);
                    }
                }
                b"ET" => out.push(' '),
                b"BI" => {
                    // Inline image: skip its data up to `EI`.
                    match memchr::memmem::find(&data[lx.pos.min(data.len())..], b"EI") {
                        Some(e) => lx.pos += e + 2,
                        None => break,
                    }
                }
                b"Do" => {
                    if let Some(Obj::Name(name)) = ops.first() {
                        let xobjs = self.doc.get(&res, b"XObject");
                        let x = self.doc.get(&xobjs, name);
                        if x.get(b"Subtype").and_then(Obj::name) == Some(b"Form") {
                            if let Some(inner) = decode_stream(unit.budget(), self.doc, &x)? {
                                let xres =
                                    x.get(b"Resources").cloned().unwrap_or_else(|| res.clone());
                                out.push('\n');
                                self.run(unit, &inner, &xres, depth + 1, out)?;
                            }
                        }
                    }
                }
                _ => {}
            }
            ops.clear();
        }
        Ok(())
    }
}
