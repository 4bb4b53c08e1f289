"""Follow-ups: the actors rooms follow, the sources polled for them, and alerts sent once."""

from bot.track.schedule import TrackingSchedule
from bot.track.tracker import Tracker, TrackingOptions

__all__ = ["Tracker", "TrackingOptions", "TrackingSchedule"]
