import MailNet

/// The same reports for scripts (`--json`): every step with its stage, status, milliseconds, detail, cause and
/// fix, and the exit status.
public enum CheckReportJSON {
    public static func render(_ report: CheckReport) -> String {
        JSONText.object([
            ("url", .string(report.url)),
            ("passed", .bool(report.firstFailure == nil)),
            ("exitStatus", .integer(Int(report.exitStatus))),
            ("failedStage", report.firstFailure.map { .string($0.stage.rawValue) } ?? .null),
            ("steps", .array(report.steps.map(step))),
        ]).rendered()
    }

    public static func render(host: String, rows: [ProbeRow], exitStatus: Int32) -> String {
        JSONText.object([
            ("host", .string(host)),
            ("exitStatus", .integer(Int(exitStatus))),
            ("ports", .array(rows.map { row in
                .object([
                    ("port", .integer(row.port)),
                    ("answers", .bool(row.answers)),
                    ("service", .string(row.service)),
                    ("tls", .string(row.tls)),
                    ("auth", .string(row.auth)),
                    ("certificate", .string(row.certificate)),
                    ("note", (row.note ?? row.error.map(UserMessage.describe)).map(JSONText.string) ?? .null),
                    ("milliseconds", .number(milliseconds(row.elapsed))),
                ])
            })),
        ]).rendered()
    }

    private static func step(_ step: CheckStep) -> JSONText {
        .object([
            ("stage", .string(step.stage.rawValue)),
            ("title", .string(step.title)),
            ("status", .string(step.status.rawValue)),
            ("milliseconds", step.elapsed.map { .number(milliseconds($0)) } ?? .null),
            ("detail", .array(step.detail.map(JSONText.string))),
            ("cause", (step.cause ?? step.error.map(UserMessage.describe)).map(JSONText.string) ?? .null),
            ("fix", step.fix.map(JSONText.string) ?? .null),
        ])
    }

    /// Milliseconds with one decimal.
    static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(Int(seconds) * 10_000 + Int(attoseconds / 100_000_000_000_000)) / 10
    }
}
