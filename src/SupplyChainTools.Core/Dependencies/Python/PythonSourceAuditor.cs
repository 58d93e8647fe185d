using System;
using System.Collections.Generic;
using System.Threading;

namespace SupplyChainTools.Core.Dependencies.Python
{
    /// <summary>
    /// Python sources (M1033): extra indexes (the torchtriton shape), http indexes and find-links, trusted hosts,
    /// uv's unsafe-best-match strategy and indexes outside -AllowedSource, in requirements files, pip.conf / pip.ini,
    /// uv.toml / pyproject.toml and .env files.
    /// </summary>
    public sealed class PythonSourceAuditor : IDependencyFileAuditor
    {
        public string Ecosystem => PythonRules.Ecosystem;

        public string Mitigation => FindingMitigation.LimitSources;

        public IReadOnlyList<DependencyRule> Rules => PythonRules.Sources;

        public bool Handles(DependencyFile file) =>
            RequirementsFile.IsRequirementsFile(file) || PipSettings.IsPipConfig(file.Name) || PipSettings.IsUvConfig(file.Name) || PipSettings.IsEnvironmentFile(file.Name);

        public IEnumerable<DependencyFinding> Audit(DependencyFile file, DependencyAuditOptions options, CancellationToken cancellationToken)
        {
            var findings = new List<DependencyFinding>();
            foreach (PipSetting setting in PipSettings.Read(file, cancellationToken))
            {
                switch (setting.Name)
                {
                    case "index-url":
                    case "extra-index-url":
                    case "find-links":
                        AuditLocation(findings, file, setting, options);
                        break;
                    case "trusted-host":
                        findings.Add(PythonRules.TrustedHost.Finding(Ecosystem, file, setting.Line, setting.Value, setting.Value, null,
                            $"TLS verification is off for {setting.Value} (trusted-host)."));
                        break;
                    case "index-strategy":
                        if (string.Equals(setting.Value, "unsafe-best-match", StringComparison.OrdinalIgnoreCase) || string.Equals(setting.Value, "unsafe-any-match", StringComparison.OrdinalIgnoreCase))
                        {
                            findings.Add(PythonRules.UnsafeIndexStrategy.Finding(Ecosystem, file, setting.Line, null, setting.Value, null,
                                $"uv index strategy '{setting.Value}': every index is searched for every package."));
                        }

                        break;
                }
            }

            return findings;
        }

        private void AuditLocation(List<DependencyFinding> findings, DependencyFile file, PipSetting setting, DependencyAuditOptions options)
        {
            if (setting.Name == "extra-index-url")
            {
                findings.Add(PythonRules.ExtraIndexUrl.Finding(Ecosystem, file, setting.Line, null, setting.Value, null,
                    $"Extra index {setting.Value}: pip takes a package from whichever index offers the highest version."));
            }

            if (NamePattern.IsHttp(setting.Value))
            {
                findings.Add(PythonRules.InsecureIndex.Finding(Ecosystem, file, setting.Line, null, setting.Value, null, $"{setting.Name} {setting.Value} is plain http."));
            }

            bool remote = NamePattern.HostOf(setting.Value) != null;
            if (remote && !NamePattern.IsAllowedSource(options.AllowedSources, setting.Value))
            {
                findings.Add(PythonRules.UnapprovedIndex.Finding(Ecosystem, file, setting.Line, null, setting.Value, null, $"{setting.Name} {setting.Value} is not an approved source."));
            }
        }
    }
}
