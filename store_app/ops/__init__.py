"""Running the shop scaled out: health probes, the worker header, job leases, graceful shutdown."""
