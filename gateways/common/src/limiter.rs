//! A bound on the connections a gateway serves at once.

use std::sync::{Arc, Condvar, Mutex};

/// Counts connections in service; [`ConnectionLimit::acquire`] waits while `max` are busy.
///
/// ```
/// let limit = mamori_gateway::ConnectionLimit::new(1);
/// let first = limit.acquire();
/// assert!(limit.try_acquire().is_none());
/// drop(first);
/// assert!(limit.try_acquire().is_some());
/// ```
#[derive(Clone, Debug)]
pub struct ConnectionLimit {
    inner: Arc<(Mutex<usize>, Condvar)>,
    max: usize,
}

/// One connection's place; it frees the place when dropped.
#[derive(Debug)]
pub struct Permit {
    inner: Arc<(Mutex<usize>, Condvar)>,
}

impl ConnectionLimit {
    /// A limit of `max` connections (at least one).
    pub fn new(max: usize) -> Self {
        ConnectionLimit { inner: Arc::new((Mutex::new(0), Condvar::new())), max: max.max(1) }
    }

    /// Waits for a free place and takes it.
    pub fn acquire(&self) -> Permit {
        let (count, freed) = &*self.inner;
        let mut busy = count.lock().unwrap_or_else(|e| e.into_inner());
        while *busy >= self.max {
            busy = freed.wait(busy).unwrap_or_else(|e| e.into_inner());
        }
        *busy += 1;
        Permit { inner: self.inner.clone() }
    }

    /// Takes a free place, if there is one.
    pub fn try_acquire(&self) -> Option<Permit> {
        let mut busy = self.inner.0.lock().unwrap_or_else(|e| e.into_inner());
        if *busy >= self.max {
            return None;
        }
        *busy += 1;
        Some(Permit { inner: self.inner.clone() })
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        let (count, freed) = &*self.inner;
        let mut busy = count.lock().unwrap_or_else(|e| e.into_inner());
        *busy -= 1;
        freed.notify_one();
    }
}
