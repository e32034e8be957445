"""What every domain shares: the page shell, security headers, access helpers and protected uploads."""
