"""Domain logic: pure functions over content records (diary, treatments, healing, gate, quiz scoring,
provider summary, feedback). No widgets and no HTML; imports only :mod:`osteo_lib.content`."""

__all__: list[str] = []  # a namespace package of modules: import from the modules themselves
