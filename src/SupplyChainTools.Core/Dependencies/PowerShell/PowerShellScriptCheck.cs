using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using SupplyChainTools.Core.Dependencies.Shell;

namespace SupplyChainTools.Core.Dependencies.PowerShell
{
    /// <summary>
    /// The PowerShell script rules, for .ps1/.psm1 files and pwsh workflow steps: #Requires -Modules, module installs,
    /// repository registrations, download-and-run, unverified downloads, and native package managers (the shell
    /// rules). Returns the findings of both mitigations; each auditor keeps its own.
    /// </summary>
    internal static class PowerShellScriptCheck
    {
        private static readonly Regex Requires = new Regex(@"^\s*#requires\s+(?<rest>.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly Regex RequiresModules = new Regex(@"-Modules?\s+(?<spec>.*?)(?=\s+-(Version|PSEdition|RunAsAdministrator|ShellId|PSSnapin|Assembly)\b|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly Regex Execute = new Regex(@"\b(iex|Invoke-Expression)\b|\[scriptblock\]::Create", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly Regex Download = new Regex(@"\b(iwr|irm|Invoke-WebRequest|Invoke-RestMethod|curl|wget|DownloadString|DownloadData|Net\.WebClient|HttpClient)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly Regex DownloadFile = new Regex(@"\.DownloadFile\s*\(\s*(?<url>[^,]+),\s*['""]?(?<file>[^'"")]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly Regex Verification = new Regex(@"\b(Get-FileHash|Test-FileIntegrity|Get-AuthenticodeSignature|Test-AuthenticodeChain|Test-CatalogIntegrity|ComputeHash)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly string[] ModuleInstallers = { "Install-Module", "Save-Module", "Update-Module", "Install-Script", "Save-Script" };
        private static readonly string[] ResourceInstallers = { "Install-PSResource", "Save-PSResource", "Update-PSResource" };
        private static readonly string[] Downloaders = { "Invoke-WebRequest", "iwr", "Invoke-RestMethod", "irm", "curl", "wget", "Start-BitsTransfer" };

        public static IEnumerable<DependencyFinding> Audit(DependencyFile file, string script, int firstLine, DependencyAuditOptions options, CancellationToken cancellationToken)
        {
            var findings = new List<DependencyFinding>();
            RequiresStatements(file, script, firstLine, findings, cancellationToken);
            List<PowerShellStatement> statements;
            try
            {
                statements = PowerShellStatements.Split(script, firstLine, cancellationToken);
            }
            catch (FormatException exception)
            {
                throw new DependencyFileFormatException(file.FullPath, firstLine, exception.Message, exception);
            }

            var downloads = new List<(string File, int Line)>();
            bool verified = false;
            foreach (PowerShellStatement statement in statements)
            {
                verified |= Verification.IsMatch(statement.Text);
                if (Execute.IsMatch(statement.Text) && Download.IsMatch(statement.Text))
                {
                    findings.Add(PowerShellRules.DownloadThenRun.Finding(PowerShellRules.Ecosystem, file, statement.Line, null, Shorten(statement.Text), null,
                        "The statement downloads code and runs it without checking it."));
                    continue;
                }

                Match downloadFile = DownloadFile.Match(statement.Text);
                if (downloadFile.Success)
                {
                    downloads.Add((Leaf(downloadFile.Groups["file"].Value.Trim()), statement.Line));
                }

                foreach (List<string> command in statement.Commands)
                {
                    Command(file, statement, command, options, findings, downloads, verified);
                }
            }

            if (!verified)
            {
                foreach ((string name, int line) in downloads)
                {
                    findings.Add(PowerShellRules.UnverifiedDownload.Finding(PowerShellRules.Ecosystem, file, line, name, null, null,
                        "'" + name + "' is downloaded and the script never checks its hash or signature."));
                }
            }

            return findings.OrderBy(f => f.Line ?? 0).ToList();
        }

        private static void Command(DependencyFile file, PowerShellStatement statement, List<string> command, DependencyAuditOptions options,
            List<DependencyFinding> findings, List<(string File, int Line)> downloads, bool verified)
        {
            string name = command[0].TrimStart('&', '.', ' ');
            var parameters = new PowerShellParameters(command);
            if (ModuleInstallers.Contains(name, StringComparer.OrdinalIgnoreCase) || ResourceInstallers.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                bool resource = ResourceInstallers.Contains(name, StringComparer.OrdinalIgnoreCase);
                foreach (string module in parameters.Names())
                {
                    ModuleInstall(file, statement, name, module, resource, parameters, options, findings);
                }

                return;
            }

            if (name.Equals("Register-PSRepository", StringComparison.OrdinalIgnoreCase) || name.Equals("Set-PSRepository", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Register-PSResourceRepository", StringComparison.OrdinalIgnoreCase) || name.Equals("Set-PSResourceRepository", StringComparison.OrdinalIgnoreCase))
            {
                Repository(file, statement, parameters, findings);
                return;
            }

            if (Downloaders.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                string? output = parameters.Value("OutFile", "OutputPath") ?? parameters.Value("Destination") ?? (name.Equals("Start-BitsTransfer", StringComparison.OrdinalIgnoreCase) ? parameters.Positional(1) : null);
                if (output != null)
                {
                    downloads.Add((Leaf(output), statement.Line));
                }

                return;
            }

            string leaf = Leaf(name);
            if (!verified && downloads.Any(d => d.File.Equals(leaf, StringComparison.OrdinalIgnoreCase))
                || (!verified && (name.Equals("Start-Process", StringComparison.OrdinalIgnoreCase) || name.Equals("Invoke-Item", StringComparison.OrdinalIgnoreCase))
                    && downloads.Any(d => d.File.Equals(Leaf(parameters.Value("FilePath", "Path") ?? parameters.Positional(0) ?? string.Empty), StringComparison.OrdinalIgnoreCase))))
            {
                findings.Add(PowerShellRules.DownloadThenRun.Finding(PowerShellRules.Ecosystem, file, statement.Line, leaf, Shorten(statement.Text), null,
                    "The script runs a file it downloaded without checking its hash or signature."));
                return;
            }

            DependencyRule? rule = PackageManagerCommands.UnpinnedInstall(command);
            if (rule != null)
            {
                findings.Add(rule.Finding(ShellRules.Ecosystem, file, statement.Line, PackageManagerCommands.BinaryName(command[0]), Shorten(string.Join(" ", command)), null,
                    "The command installs without a pin."));
            }
        }

        private static void ModuleInstall(DependencyFile file, PowerShellStatement statement, string cmdlet, string module, bool resource, PowerShellParameters parameters,
            DependencyAuditOptions options, List<DependencyFinding> findings)
        {
            string? required = parameters.Value("RequiredVersion");
            string? version = parameters.Value("Version");
            string? minimum = parameters.Value("MinimumVersion");
            string? maximum = parameters.Value("MaximumVersion");
            bool pinned = resource ? version != null && PowerShellVersions.IsExact(version) : required != null;
            if (!pinned)
            {
                string requested = (resource ? version : minimum ?? maximum) ?? "any";
                string how = resource ? (version == null ? "without -Version" : "with the range " + version) : minimum != null ? "with only -MinimumVersion " + minimum : maximum != null ? "with only -MaximumVersion " + maximum : "without -RequiredVersion";
                findings.Add(PowerShellRules.UnpinnedModuleInstall.Finding(PowerShellRules.Ecosystem, file, statement.Line, module, requested, null,
                    cmdlet + " installs '" + module + "' " + how + "."));
            }

            string? repository = parameters.Value("Repository");
            if ((repository == null || repository.Equals("PSGallery", StringComparison.OrdinalIgnoreCase))
                && options.InternalPackagePatterns.Any(pattern => PowerShellVersions.NameMatches(pattern, module)))
            {
                findings.Add(PowerShellRules.InternalModuleFromPublicRepository.Finding(PowerShellRules.Ecosystem, file, statement.Line, module, repository ?? "(default repositories)", null,
                    "The internal module '" + module + "' is installed from " + (repository ?? "the default repositories, which include the PowerShell Gallery") + "."));
            }
        }

        private static void Repository(DependencyFile file, PowerShellStatement statement, PowerShellParameters parameters, List<DependencyFinding> findings)
        {
            string name = parameters.Value("Name") ?? parameters.Positional(0) ?? "(unnamed)";
            foreach (string? location in new[] { parameters.Value("SourceLocation"), parameters.Value("PublishLocation"), parameters.Value("ScriptSourceLocation"), parameters.Value("Uri") })
            {
                if (location != null && location.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
                {
                    findings.Add(PowerShellRules.InsecureRepository.Finding(PowerShellRules.Ecosystem, file, statement.Line, name, location, null,
                        "The repository '" + name + "' is registered over http: " + location + "."));
                }
            }

            string? policy = parameters.Value("InstallationPolicy");
            if ((policy != null && policy.Equals("Trusted", StringComparison.OrdinalIgnoreCase)) || parameters.Switch("Trusted"))
            {
                findings.Add(PowerShellRules.TrustedRepository.Finding(PowerShellRules.Ecosystem, file, statement.Line, name, "Trusted", null,
                    "The repository '" + name + "' is registered as trusted, so installs from it never ask."));
            }
        }

        private static void RequiresStatements(DependencyFile file, string script, int firstLine, List<DependencyFinding> findings, CancellationToken cancellationToken)
        {
            string[] lines = script.Split('\n');
            for (int index = 0; index < lines.Length; index++)
            {
                Match requires = Requires.Match(lines[index].TrimEnd('\r'));
                Match modules = requires.Success ? RequiresModules.Match(requires.Groups["rest"].Value) : Match.Empty;
                if (!modules.Success)
                {
                    continue;
                }

                int line = firstLine + index;
                PsdValue spec = PowerShellDataFile.Parse(modules.Groups["spec"].Value, file.FullPath, cancellationToken, line, bareNames: true);
                foreach (PsdValue module in spec.AsList())
                {
                    if (module.Entries != null && module["RequiredVersion"] != null)
                    {
                        continue;
                    }

                    string name = module.Text ?? module["ModuleName"]?.Text ?? "(unnamed)";
                    string requested = module["ModuleVersion"]?.Text ?? module["MaximumVersion"]?.Text ?? "any";
                    findings.Add(PowerShellRules.UnpinnedRequiresStatement.Finding(PowerShellRules.Ecosystem, file, line, name, requested, null,
                        "#Requires -Modules names '" + name + "' without RequiredVersion."));
                }
            }
        }

        private static string Leaf(string path)
        {
            string trimmed = path.Trim().Trim('\'', '"');
            int slash = Math.Max(trimmed.LastIndexOf('/'), trimmed.LastIndexOf('\\'));
            return slash >= 0 ? trimmed.Substring(slash + 1) : trimmed;
        }

        private static string Shorten(string text) => text.Length > 200 ? text.Substring(0, 200) + "..." : text;
    }
}
