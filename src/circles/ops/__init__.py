"""Running the product in production: the app server, HTTP headers every response carries, the
answer while the database is unreachable, and the fault battery that proves them."""
