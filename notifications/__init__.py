"""In-app notifications (the bell and the home page's inbox) and their e-mail copies."""
