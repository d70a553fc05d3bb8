"""HTTP routes other than Alexa's: health, calendar feeds, the couple page, privacy and terms."""
from __future__ import annotations


def init_app(app) -> None:
    """Register the web blueprints."""
    from .calendar import bp as calendar_bp
    from .health import bp as health_bp
    from .legal import bp as legal_bp
    from .page import bp as page_bp

    app.register_blueprint(health_bp)
    app.register_blueprint(calendar_bp)
    app.register_blueprint(page_bp)
    app.register_blueprint(legal_bp)
