//! Text handling that detectors share: character classes, the trigger search, digit-chain
//! reading, hotword folding and line/column tracking. Nothing here knows about a detector.

pub mod chain;
pub mod chars;
pub mod cjk_search;
pub mod cursor;
pub mod fold;
pub mod place_fold;
pub mod trigger;
