//! Accepting connections: timeouts, connection cap, header limits, `TCP_NODELAY`, graceful shutdown.
