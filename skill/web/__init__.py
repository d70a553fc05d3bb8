"""HTTP routes other than Alexa's: health, calendar feeds, the couple page."""
from __future__ import annotations


def init_app(app) -> None:
    """Register the web blueprints."""
    from .health import bp as health_bp

    app.register_blueprint(health_bp)
    try:
        from .calendar import bp as calendar_bp
    except ImportError:  # the feed routes land with the scheduling work
        return
    app.register_blueprint(calendar_bp)
