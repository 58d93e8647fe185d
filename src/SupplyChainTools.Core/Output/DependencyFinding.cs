namespace SupplyChainTools
{
    /// <summary>
    /// One finding of a dependency audit (Test-DependencyPinning, Test-DependencySource): a dependency that is not
    /// pinned, or a source that lets a package be substituted. Flat and string-valued, so it survives remoting and
    /// converts to SARIF without loss.
    /// </summary>
    public sealed class DependencyFinding
    {
        public DependencyFinding(
            string ruleId, string severity, string mitigation, string ecosystem, string file, int? line,
            string? package, string? requested, string? resolved, string message, string remediation,
            bool suppressed = false, string? suppressionReason = null)
        {
            RuleId = ruleId;
            Severity = severity;
            Mitigation = mitigation;
            Ecosystem = ecosystem;
            File = file;
            Line = line;
            Package = package;
            Requested = requested;
            Resolved = resolved;
            Message = message;
            Remediation = remediation;
            Suppressed = suppressed;
            SuppressionReason = suppressionReason;
        }

        /// <summary>The rule that found it (for example SCT-NUGET-FLOATING); stable across releases, documented in about_DependencyAudit.</summary>
        public string RuleId { get; }

        /// <summary>One of <see cref="FindingSeverity"/>: High, Medium, Low, Info.</summary>
        public string Severity { get; }

        /// <summary>The MITRE ATT&amp;CK mitigation the rule serves: M1013 (pinning) or M1033 (sources).</summary>
        public string Mitigation { get; }

        /// <summary>NuGet, npm, PyPI, PowerShell, GitHubActions, Docker, Shell, Cargo, Go.</summary>
        public string Ecosystem { get; }

        /// <summary>Full path of the file the finding is in.</summary>
        public string File { get; }

        /// <summary>1-based line in <see cref="File"/>, when the format has lines.</summary>
        public int? Line { get; }

        /// <summary>The dependency, action, image or source concerned.</summary>
        public string? Package { get; }

        /// <summary>What the file asks for (a range, tag, URL or setting), as written.</summary>
        public string? Requested { get; }

        /// <summary>What it resolved to, when a lock file or cache records it.</summary>
        public string? Resolved { get; }

        /// <summary>One sentence saying what is wrong.</summary>
        public string Message { get; }

        /// <summary>One sentence saying how to fix it.</summary>
        public string Remediation { get; }

        /// <summary>True when a suppression entry (with its reason) matches: reported, never dropped.</summary>
        public bool Suppressed { get; }

        /// <summary>The reason the suppression entry gives.</summary>
        public string? SuppressionReason { get; }

        /// <summary>A copy of this finding marked suppressed for <paramref name="reason"/>.</summary>
        public DependencyFinding Suppress(string reason) =>
            new DependencyFinding(RuleId, Severity, Mitigation, Ecosystem, File, Line, Package, Requested, Resolved, Message, Remediation, true, reason);

        public override string ToString() => RuleId + " " + File + (Line.HasValue ? ":" + Line.Value : string.Empty);
    }
}
