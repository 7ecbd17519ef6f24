//! Accounts (*redacteur*, *beheerder*), Argon2id passwords, sessions, CSRF tokens, rate limits.
