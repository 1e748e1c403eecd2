//! What the running system does.
