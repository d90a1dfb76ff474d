"""The staff admin pages (SPEC D): dashboard, orders, products, users, history, mail outbox."""
