"""The pure heart of Tidings: domain values, ports, command parsing and the message handler."""
