"""What arrives by e-mail and WhatsApp becomes consultations and replies, through the lifecycle
services."""
