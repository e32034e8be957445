"""Human names for audit actions, shown in timelines. Each domain registers its own in AppConfig.ready()."""

ACTION_LABELS = {}


def register(labels):
    ACTION_LABELS.update(labels)
