"""One shared ask-sdk serializer (it is stateless and costly to build)."""
from ask_sdk_core.serialize import DefaultSerializer

SERIALIZER = DefaultSerializer()
