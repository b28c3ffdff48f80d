"""The stakeholders' pages and the office's public face."""
