using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using SupplyChainTools.Core.Dependencies;

namespace SupplyChainTools.Core.Tests.Dependencies
{
    /// <summary>Runs one auditor over a fixture file, and finds findings by rule and package.</summary>
    internal static class AuditHelper
    {
        public static string Fixture(params string[] parts) =>
            Path.Combine(new[] { AppContext.BaseDirectory, "fixtures", "dependencies" }.Concat(parts).ToArray());

        public static List<DependencyFinding> Audit(IDependencyFileAuditor auditor, string path, DependencyAuditOptions? options = null)
        {
            var file = new DependencyFile(path, Path.GetFileName(path));
            Assert.True(auditor.Handles(file), $"{auditor.GetType().Name} should handle {file.Name}");
            return auditor.Audit(file, options ?? new DependencyAuditOptions(), CancellationToken.None).ToList();
        }

        public static DependencyFinding Single(IEnumerable<DependencyFinding> findings, string ruleId, string? package)
        {
            var matching = findings.Where(f => f.RuleId == ruleId && (package == null || f.Package == package)).ToList();
            Assert.True(matching.Count == 1, $"expected one {ruleId} for {package}, got {matching.Count}: {string.Join("; ", findings.Select(f => f.RuleId + " " + f.Package + " " + f.Message))}");
            return matching[0];
        }

        public static void None(IEnumerable<DependencyFinding> findings, string? package)
        {
            var matching = findings.Where(f => f.Package == package).ToList();
            Assert.True(matching.Count == 0, $"expected no finding for {package}, got: {string.Join("; ", matching.Select(f => f.RuleId + " " + f.Message))}");
        }

        public static string WriteTemp(string folder, string name, string content)
        {
            Directory.CreateDirectory(folder);
            string path = Path.Combine(folder, name);
            File.WriteAllText(path, content);
            return path;
        }

        public static string NewFolder()
        {
            string folder = Path.Combine(Path.GetTempPath(), "sct-deps-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            return folder;
        }
    }
}
