"""What attachment models of every app share."""

from portal.files.uploads import FILE_TYPES, extension_of


class SizedFileMixin:
    """For attachment models with ``file`` and ``size``: keep the size and
    give a readable type label."""

    @property
    def extension(self):
        return extension_of(self.file.name)

    @property
    def type_label(self):
        return FILE_TYPES.get(self.extension, (self.extension.upper(),))[0]

    def save(self, *args, **kwargs):
        if self.file:
            self.size = self.file.size
        super().save(*args, **kwargs)
