using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using SupplyChainTools.Core.Dependencies.Shell;

namespace SupplyChainTools.Core.Dependencies.PowerShell
{
    /// <summary>
    /// PowerShell pinning (M1013): module manifests' RequiredModules (read with <see cref="PowerShellDataFile"/>,
    /// never run), and scripts and modules (.ps1, .psm1) through <see cref="PowerShellScriptCheck"/>.
    /// </summary>
    public sealed class PowerShellAuditor : IDependencyFileAuditor
    {

        public string Ecosystem => PowerShellRules.Ecosystem;

        public string Mitigation => FindingMitigation.PinDependencies;

        public IReadOnlyList<DependencyRule> Rules { get; } = PowerShellRules.Pinning.Concat(ShellRules.All).ToArray();

        public bool Handles(DependencyFile file) => IsScript(file) || Path.GetExtension(file.Name).Equals(".psd1", StringComparison.OrdinalIgnoreCase);

        public IEnumerable<DependencyFinding> Audit(DependencyFile file, DependencyAuditOptions options, CancellationToken cancellationToken)
        {
            string text = file.ReadText(cancellationToken);
            if (IsScript(file))
            {
                return PowerShellScriptCheck.Audit(file, text, 1, options, cancellationToken).Where(f => f.Mitigation == Mitigation).ToList();
            }

            return Manifest(file, text, cancellationToken);
        }

        internal static bool IsScript(DependencyFile file)
        {
            string extension = Path.GetExtension(file.Name);
            return extension.Equals(".ps1", StringComparison.OrdinalIgnoreCase) || extension.Equals(".psm1", StringComparison.OrdinalIgnoreCase);
        }

        private static List<DependencyFinding> Manifest(DependencyFile file, string text, CancellationToken cancellationToken)
        {
            var findings = new List<DependencyFinding>();
            if (text.IndexOf("RequiredModules", StringComparison.OrdinalIgnoreCase) < 0 || !IsHashtableFile(text))
            {
                return findings; // not a module manifest with dependencies (a localized string table, a settings file)
            }

            PsdValue manifest = PowerShellDataFile.Parse(text, file.FullPath, cancellationToken);
            PsdValue? required = manifest["RequiredModules"];
            if (required == null)
            {
                return findings;
            }

            foreach (PsdValue module in required.AsList())
            {
                DependencyFinding? finding = RequiredModule(file, module);
                if (finding != null)
                {
                    findings.Add(finding);
                }
            }

            return findings;
        }

        /// <summary>True when the data file's value is one hashtable (after comments), as a module manifest's is.</summary>
        private static bool IsHashtableFile(string text)
        {
            int i = 0;
            while (i < text.Length)
            {
                char c = text[i];
                if (c == '\uFEFF' || char.IsWhiteSpace(c))
                {
                    i++;
                }
                else if (c == '<' && i + 1 < text.Length && text[i + 1] == '#')
                {
                    int close = text.IndexOf("#>", i + 2, StringComparison.Ordinal);
                    i = close < 0 ? text.Length : close + 2;
                }
                else if (c == '#')
                {
                    int end = text.IndexOf('\n', i);
                    i = end < 0 ? text.Length : end + 1;
                }
                else
                {
                    return c == '@' && i + 1 < text.Length && text[i + 1] == '{';
                }
            }

            return false;
        }

        private static DependencyFinding? RequiredModule(DependencyFile file, PsdValue module)
        {
            if (module.Text != null)
            {
                string name = module.Text;
                if (name.IndexOfAny(new[] { '\\', '/' }) >= 0 || name.EndsWith(".psd1", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".psm1", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
                {
                    return null; // a path: the module is vendored with this one
                }

                return PowerShellRules.UnpinnedRequiredModule.Finding(PowerShellRules.Ecosystem, file, module.Line, name, "any", null,
                    "RequiredModules names '" + name + "' without a version: any version loads.");
            }

            if (module.Entries == null || module["RequiredVersion"] != null)
            {
                return null;
            }

            string moduleName = module["ModuleName"]?.Text ?? "(unnamed)";
            string? minimum = module["ModuleVersion"]?.Text;
            string? maximum = module["MaximumVersion"]?.Text;
            string requested = minimum != null && maximum != null ? "[" + minimum + ", " + maximum + "]" : minimum != null ? ">= " + minimum : maximum != null ? "<= " + maximum : "any";
            string how = minimum != null && maximum != null ? "a range" : minimum != null ? "a minimum version only" : maximum != null ? "a maximum version only" : "no version";
            return PowerShellRules.UnpinnedRequiredModule.Finding(PowerShellRules.Ecosystem, file, module.Line, moduleName, requested, null,
                "RequiredModules gives '" + moduleName + "' " + how + " (" + requested + "), not a RequiredVersion.");
        }
    }
}
