/// What one call to `LineEditor.handleReadable()` finished, if anything.
public enum LineEditorEvent: Equatable, Sendable {
    /// The person pressed Enter; the text is without the line end. A fresh prompt is already on screen.
    case line(String)
    /// Ctrl-D on an empty line, or the terminal went away. The editor shows no prompt until `start()`.
    case endOfFile
}
