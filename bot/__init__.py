"""Tidings: reads the news links shared in chat rooms and keeps watch for follow-ups."""
