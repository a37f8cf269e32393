"""HTTP and websocket routes: sign-in, the request guard, media, uploads."""
