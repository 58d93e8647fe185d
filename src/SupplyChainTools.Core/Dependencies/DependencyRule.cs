namespace SupplyChainTools.Core.Dependencies
{
    /// <summary>
    /// One rule of the dependency audits, declared once by its auditor: what SARIF lists as the tool's rules and
    /// about_DependencyAudit documents. Rule ids are "Ecosystem/RuleName" (for example "NuGet/FloatingVersion").
    /// </summary>
    public sealed class DependencyRule
    {
        public DependencyRule(string id, string title, string severity, string mitigation, string remediation)
        {
            Id = id;
            Title = title;
            Severity = severity;
            Mitigation = mitigation;
            Remediation = remediation;
        }

        /// <summary>"Ecosystem/RuleName"; stable across releases.</summary>
        public string Id { get; }

        /// <summary>A short sentence naming what the rule finds.</summary>
        public string Title { get; }

        /// <summary>The default severity of its findings (<see cref="FindingSeverity"/>).</summary>
        public string Severity { get; }

        /// <summary>M1013 or M1033 (<see cref="FindingMitigation"/>).</summary>
        public string Mitigation { get; }

        /// <summary>How to fix what it finds.</summary>
        public string Remediation { get; }

        /// <summary>A finding of this rule, with its severity, mitigation and remediation.</summary>
        public DependencyFinding Finding(
            string ecosystem, DependencyFile file, int? line, string? package, string? requested, string? resolved, string message) =>
            new DependencyFinding(Id, Severity, Mitigation, ecosystem, file.FullPath, line, package, requested, resolved, message, Remediation);
    }
}
