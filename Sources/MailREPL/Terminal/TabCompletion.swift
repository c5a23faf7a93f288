/// What Tab does with the candidates the completer offered for the word before the cursor, the way shells do
/// it: one candidate is put in whole with a space after it; several are put in as far as they agree, and listed
/// when they agree no further than what is already typed.
enum TabCompletion: Equatable {
    /// No candidate: the terminal bell.
    case nothing
    /// Replace the word before the cursor (a candidate may differ in case from what was typed: `ehlo` → `EHLO`).
    case replaceWord(with: String)
    /// Show the candidates under the line; the line stays as it is.
    case list([String])

    init(word: String, candidates: [String]) {
        var seen = Set<String>()
        let unique = candidates.filter { seen.insert($0).inserted }
        guard let first = unique.first else {
            self = .nothing
            return
        }
        if unique.count == 1 {
            self = .replaceWord(with: first + " ")
            return
        }
        let shared = unique.dropFirst().reduce(Substring(first)) { prefix, candidate in
            prefix.commonPrefix(with: candidate)
        }
        if shared.count > word.count {
            self = .replaceWord(with: String(shared))
        } else {
            self = .list(unique)
        }
    }

    /// Lays candidates out in rows of columns that fit `width`, each column as wide as the widest candidate
    /// plus two spaces.
    static func columns(_ candidates: [String], width: Int, displayWidth: (String) -> Int) -> String {
        let widest = candidates.map(displayWidth).max() ?? 0
        let perRow = max(1, (width + 2) / (widest + 2))
        var rows: [String] = []
        var index = 0
        while index < candidates.count {
            let row = candidates[index..<min(index + perRow, candidates.count)]
            let cells = row.enumerated().map { offset, candidate in
                offset == row.count - 1
                    ? candidate
                    : candidate + String(repeating: " ", count: widest + 2 - displayWidth(candidate))
            }
            rows.append(cells.joined())
            index += perRow
        }
        return rows.joined(separator: "\n")
    }
}

extension Substring {
    fileprivate func commonPrefix(with other: String) -> Substring {
        var end = startIndex
        var otherIndex = other.startIndex
        while end < endIndex, otherIndex < other.endIndex, self[end] == other[otherIndex] {
            end = index(after: end)
            otherIndex = other.index(after: otherIndex)
        }
        return self[startIndex..<end]
    }
}
