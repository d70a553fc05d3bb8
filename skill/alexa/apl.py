"""Echo Show screens: tonight's prompt and the visit countdown, as one small APL document."""
from __future__ import annotations

from ask_sdk_core.utils import get_supported_interfaces
from ask_sdk_model.interfaces.alexa.presentation.apl import RenderDocumentDirective

DOCUMENT = {
    "type": "APL",
    "version": "2023.2",
    "mainTemplate": {
        "parameters": ["payload"],
        "items": [{
            "type": "Container", "width": "100vw", "height": "100vh", "justifyContent": "center",
            "paddingLeft": "8vw", "paddingRight": "8vw",
            "items": [
                {"type": "Text", "text": "${payload.card.title}", "fontSize": "28dp", "color": "#F4B6A6"},
                {"type": "Text", "text": "${payload.card.body}", "fontSize": "40dp", "paddingTop": "16dp"},
                {"type": "Text", "text": "${payload.card.footer}", "fontSize": "24dp", "paddingTop": "24dp",
                 "color": "#BBBBBB"},
            ],
        }],
    },
}


def supports_apl(handler_input) -> bool:
    """True when the device has a screen that renders APL."""
    interfaces = get_supported_interfaces(handler_input)
    return getattr(interfaces, "alexa_presentation_apl", None) is not None


def show(handler_input, title: str, body: str, footer: str = "") -> None:
    """Add a RenderDocument directive when the device can show it (no-op on speakers)."""
    if not supports_apl(handler_input):
        return
    handler_input.response_builder.add_directive(RenderDocumentDirective(
        token="closer", document=DOCUMENT,
        datasources={"payload": {"card": {"title": title, "body": body, "footer": footer}}}))
