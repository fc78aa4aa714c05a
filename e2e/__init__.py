"""Real-browser end-to-end tests (Playwright driving the system Chromium)."""
