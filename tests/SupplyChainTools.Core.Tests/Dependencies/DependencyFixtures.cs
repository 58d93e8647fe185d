using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using SupplyChainTools.Core.Dependencies;

namespace SupplyChainTools.Core.Tests.Dependencies
{
    /// <summary>The dependency fixtures as the audit meets them, and helpers to audit one file or a script text.</summary>
    internal static class DependencyFixtures
    {
        public static string Root => Path.Combine(AppContext.BaseDirectory, "fixtures", "dependencies");

        public static DependencyFile File(string relative) =>
            new DependencyFile(Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar)), relative);

        public static List<DependencyFinding> Audit(IDependencyFileAuditor auditor, string relative, DependencyAuditOptions? options = null)
        {
            DependencyFile file = File(relative);
            Assert.True(auditor.Handles(file), auditor.GetType().Name + " should handle " + relative);
            List<DependencyFinding> findings = auditor.Audit(file, options ?? new DependencyAuditOptions(), CancellationToken.None).ToList();
            foreach (DependencyFinding finding in findings)
            {
                Assert.Contains(auditor.Rules, rule => rule.Id == finding.RuleId);
            }

            return findings;
        }

        /// <summary>Writes <paramref name="text"/> to a temporary file named <paramref name="relative"/> and audits it.</summary>
        public static List<DependencyFinding> AuditText(IDependencyFileAuditor auditor, string relative, string text, DependencyAuditOptions? options = null)
        {
            string folder = Path.Combine(Path.GetTempPath(), "sct-dep-" + Guid.NewGuid().ToString("N"));
            string path = Path.Combine(folder, relative.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            System.IO.File.WriteAllText(path, text);
            try
            {
                var file = new DependencyFile(path, relative);
                Assert.True(auditor.Handles(file), auditor.GetType().Name + " should handle " + relative);
                return auditor.Audit(file, options ?? new DependencyAuditOptions(), CancellationToken.None).ToList();
            }
            finally
            {
                Directory.Delete(folder, true);
            }
        }

        public static DependencyFinding At(this IEnumerable<DependencyFinding> findings, int line, string ruleId) =>
            Assert.Single(findings, f => f.Line == line && f.RuleId == ruleId);

        public static void NoneAt(this IEnumerable<DependencyFinding> findings, int line) =>
            Assert.DoesNotContain(findings, f => f.Line == line);
    }
}
