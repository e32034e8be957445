class ServiceError(Exception):
    """A refused action: the message is translated and shown to the person as it is."""

    def __init__(self, message):
        self.message = message
        super().__init__(message)
