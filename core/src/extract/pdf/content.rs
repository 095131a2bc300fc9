//! The content-stream interpreter: text operators and form XObjects, in reading order.

use super::super::unit::Unit;
use super::super::Stop;
use super::filters::decode_stream;
use super::fonts::{FontDec, Fonts};
use super::lexer::{Halt, Lexer};
use super::objects::{Doc, Obj};
use super::MAX_XOBJECT_DEPTH;
use std::collections::HashSet;
use std::rc::Rc;

/// Most operands kept for one operator (text operators take at most six).
const MAX_OPERANDS: usize = 64;

/// Runs the content streams of one page.
pub(super) struct Content<'d, 'a> {
    pub(super) doc: &'d mut Doc<'a>,
    fonts: &'d mut Fonts,
    /// The page's text state, carried from one of its content streams to the next.
    state: State,
    /// Form XObjects already run on this page (by where their data lies): each runs once
    /// per page, however often it is drawn, so a form drawn 10,000 times, or forms nesting
    /// each other many times over, cost one run each.
    forms_run: HashSet<(usize, usize)>,
    /// Streams cut short because an operand nests too deep or holds too many values.
    pub(super) malformed: usize,
}

/// What the interpreter carries between operators.
struct State {
    font: Rc<FontDec>,
    /// The operands read since the last operator.
    ops: Vec<Obj>,
    last_y: Option<f64>,
}

impl State {
    fn new() -> Self {
        State { font: Rc::new(FontDec::WinAnsi), ops: Vec::new(), last_y: None }
    }
}

impl<'d, 'a> Content<'d, 'a> {
    pub(super) fn new(doc: &'d mut Doc<'a>, fonts: &'d mut Fonts) -> Self {
        Content { doc, fonts, state: State::new(), forms_run: HashSet::new(), malformed: 0 }
    }

    /// Runs one content stream of the page whose resources are `res`.
    pub(super) fn run_page_stream(
        &mut self,
        unit: &mut Unit<'_, '_>,
        data: &[u8],
        res: &Obj,
        out: &mut String,
    ) -> Result<(), Stop> {
        let mut state = std::mem::replace(&mut self.state, State::new());
        let r = self.run(unit, data, res, 0, &mut state, out);
        self.state = state;
        r
    }

    fn run(
        &mut self,
        unit: &mut Unit<'_, '_>,
        data: &[u8],
        res: &Obj,
        depth: usize,
        st: &mut State,
        out: &mut String,
    ) -> Result<(), Stop> {
        if depth > MAX_XOBJECT_DEPTH {
            return Ok(());
        }
        let res = self.doc.resolve(res);
        let budget = unit.budget();
        let mut lx = Lexer::new(data, 0, usize::MAX).with_budget(budget, false);
        let mut n = 0usize;
        loop {
            n += 1;
            if n.is_multiple_of(4096) {
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
            let Some(o) = lx.obj(0) else {
                match lx.halted {
                    Some(Halt::Budget) => unit.budget().check()?,
                    Some(Halt::Malformed) => self.malformed += 1,
                    _ => {}
                }
                break;
            };
            if lx.pos == before {
                lx.pos += 1;
                continue;
            }
            let Obj::Op(op) = o else {
                if st.ops.len() < MAX_OPERANDS {
                    st.ops.push(o);
                }
                continue;
            };
            self.operator(unit, &op, &res, depth, st, data, &mut lx, out)?;
            st.ops.clear();
        }
        // A lexer that ran out of time inside a long token ends the stream like its end.
        if lx.halted == Some(Halt::Budget) {
            unit.budget().check()?;
        }
        Ok(())
    }

    /// One operator, its operands in `st.ops`.
    #[allow(clippy::too_many_arguments)]
    fn operator(
        &mut self,
        unit: &mut Unit<'_, '_>,
        op: &[u8],
        res: &Obj,
        depth: usize,
        st: &mut State,
        data: &[u8],
        lx: &mut Lexer<'_>,
        out: &mut String,
    ) -> Result<(), Stop> {
        match op {
            b"Tf" => {
                if let Some(Obj::Name(name)) = st.ops.first() {
                    st.font = self.fonts.font(self.doc, res, name);
                }
            }
            b"Tj" => {
                if let Some(Obj::Str(s)) = st.ops.last() {
                    st.font.decode(s, out);
                }
            }
            b"'" | b"\"" => {
                out.push('\n');
                if let Some(Obj::Str(s)) = st.ops.last() {
                    st.font.decode(s, out);
                }
            }
            b"TJ" => {
                if let Some(Obj::Arr(a)) = st.ops.last() {
                    for item in a.iter() {
                        match item {
                            Obj::Str(s) => st.font.decode(s, out),
                            Obj::Num(k) if *k < -300.0 => out.push(' '),
                            _ => {}
                        }
                    }
                }
            }
            b"T*" => out.push('\n'),
            b"Td" | b"TD" => {
                if let (Some(Obj::Num(_)), Some(Obj::Num(ty))) = (st.ops.first(), st.ops.get(1)) {
                    if ty.abs() > 0.01 {
                        out.push('\n');
                    } else {
                        out.push(' ');
                    }
                }
            }
            b"Tm" => {
                if let Some(Obj::Num(y)) = st.ops.get(5) {
                    if st.last_y.is_some_and(|l| (l - y).abs() > 0.01) {
                        out.push('\n');
                    } else if st.last_y.is_some() {
                        out.push(' ');
                    }
                    st.last_y = Some(*y);
                }
            }
            b"ET" => out.push(' '),
            b"BI" => {
                // Inline image: skip its data up to `EI`.
                match memchr::memmem::find(&data[lx.pos.min(data.len())..], b"EI") {
                    Some(e) => lx.pos += e + 2,
                    None => lx.pos = data.len(),
                }
            }
            b"Do" => {
                if let Some(Obj::Name(name)) = st.ops.first() {
                    let xobjs = self.doc.get(res, b"XObject");
                    let x = self.doc.get(&xobjs, name);
                    self.form(unit, &x, res, depth, out)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Runs the form XObject `x` (once per page), with its own resources or else those of
    /// the stream drawing it, and a text state of its own.
    fn form(
        &mut self,
        unit: &mut Unit<'_, '_>,
        x: &Obj,
        res: &Obj,
        depth: usize,
        out: &mut String,
    ) -> Result<(), Stop> {
        let Obj::Stream(_, at) = x else { return Ok(()) };
        if x.get(b"Subtype").and_then(Obj::name) != Some(b"Form")
            || !self.forms_run.insert((at.buf, at.start))
        {
            return Ok(());
        }
        if let Some(inner) = decode_stream(unit.budget(), self.doc, x)? {
            let xres = x.get(b"Resources").cloned().unwrap_or_else(|| res.clone());
            out.push('\n');
            let mut st = State::new();
            self.run(unit, &inner, &xres, depth + 1, &mut st, out)?;
        }
        Ok(())
    }
}
