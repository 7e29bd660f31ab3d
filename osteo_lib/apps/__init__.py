"""Apps: what people open. The patient dashboard, the teaching pages, the instructor kit, the
student version, the workshop server and the command line. The top layer: nothing imports it."""

__all__: list[str] = []  # a namespace package of modules: import from the modules themselves
