import MailCore

/// Where a learner is in a tour, and what to tell them after each exchange.
public final class TourProgress {
    public let tour: LabTour
    public private(set) var index = 0

    public init(tour: LabTour) {
        self.tour = tour
    }

    public var isFinished: Bool { index >= tour.steps.count }

    /// The introduction and the first step.
    public func start() -> [String] {
        ["tour: \(tour.title)"] + tour.introduction.map { "  " + $0 } + instruction()
    }

    /// What to type now.
    public func instruction() -> [String] {
        guard !isFinished else { return [] }
        let step = tour.steps[index]
        var lines = ["step \(index + 1) of \(tour.steps.count): type   " + (step.type.first ?? "")]
        for more in step.type.dropFirst() {
            lines.append("                 then   " + more)
        }
        return lines + step.note.map { "  " + $0 }
    }

    /// The tour's answer to something that happened: the explanation and the next step when the current step is
    /// done, a hint when its command got another answer, nothing otherwise.
    public func observe(_ observation: TourObservation) -> [String] {
        guard !isFinished else { return [] }
        let step = tour.steps[index]
        if step.expect.matches(observation) {
            index += 1
            var lines = step.explanation.enumerated().map { position, line in (position == 0 ? "✓ " : "  ") + line }
            if isFinished {
                lines += ["tour finished."] + tour.conclusion.map { "  " + $0 }
            } else {
                lines += instruction()
            }
            return lines
        }
        if step.expect.isAttempt(observation) {
            return ["not quite: the server answered \(observation.lastLine)"] + instruction()
        }
        return []
    }

    /// Skips the current step (`.tour next`).
    public func skip() -> [String] {
        guard !isFinished else { return ["the tour is finished"] }
        index += 1
        return isFinished ? ["tour finished."] + tour.conclusion.map { "  " + $0 } : instruction()
    }
}
