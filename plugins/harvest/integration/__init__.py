"""The only modules that import Pelican: the generator that reads the harvest, the content
classes, the reader, the writer, the page renderer and the Pelican subclass that runs a build."""
