using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using SupplyChainTools.Core.Baselines;
using Xunit;

namespace SupplyChainTools.Core.Tests
{
    /// <summary>Every error id lives in <see cref="ErrorIds"/>, is documented in about_SupplyChainTools, and is spelled nowhere else.</summary>
    public sealed class ErrorIdsTests
    {
        private static readonly string RepositoryRoot = FindRepositoryRoot();

        public static IEnumerable<object[]> Ids() => AllIds().Select(id => new object[] { id });

        [Theory]
        [MemberData(nameof(Ids))]
        public void EveryId_IsDocumentedInTheAboutTopicWithWhatToDo(string id)
        {
            string table = ErrorIdTable();
            Match row = Regex.Match(table, @"^\s{4}" + Regex.Escape(id) + @"\r?\n(?<meaning>(\s{8}.*\r?\n)+?)\s{8}Do: ", RegexOptions.Multiline);

            Assert.True(row.Success, $"about_SupplyChainTools's ERROR IDS table has no entry '{id}' with a meaning and a 'Do:' line.");
        }

        [Fact]
        public void TheAboutTopic_ListsNoIdTheModuleDoesNotHave()
        {
            string[] documented = Regex.Matches(ErrorIdTable(), @"^\s{4}([A-Z][A-Za-z0-9]+)\r?$", RegexOptions.Multiline).Cast<Match>().Select(m => m.Groups[1].Value).ToArray();

            Assert.NotEmpty(documented);
            Assert.Empty(documented.Except(AllIds()));
        }

        [Fact]
        public void EveryBaselineProblem_HasItsOwnId()
        {
            string[] ids = Enum.GetValues(typeof(BaselineProblem)).Cast<BaselineProblem>().Select(ErrorIds.ForBaselineProblem).ToArray();

            Assert.Equal(ids.Length, ids.Distinct().Count());
            Assert.All(ids, id => Assert.Contains(id, AllIds()));
        }

        [Fact]
        public void NoSourceFile_SpellsAnErrorIdAsAStringLiteral()
        {
            var ids = new HashSet<string>(AllIds(), StringComparer.Ordinal);
            var offenders = new List<string>();
            foreach (string file in Directory.EnumerateFiles(Path.Combine(RepositoryRoot, "src"), "*.cs", SearchOption.AllDirectories))
            {
                string relative = Path.GetRelativePath(RepositoryRoot, file).Replace('\\', '/');
                if (relative.Contains("/obj/", StringComparison.Ordinal) || relative.Contains("/bin/", StringComparison.Ordinal) || relative.EndsWith("/ErrorIds.cs", StringComparison.Ordinal))
                {
                    continue;
                }

                string text = File.ReadAllText(file);
                foreach (Match literal in Regex.Matches(text, "\"([A-Za-z0-9]+)\"(?=\\s*,\\s*ErrorCategory\\.)"))
                {
                    offenders.Add($"{relative}: \"{literal.Groups[1].Value}\" as an ErrorRecord id");
                }

                foreach (Match literal in Regex.Matches(text, "\"([A-Za-z0-9]+)\""))
                {
                    if (ids.Contains(literal.Groups[1].Value))
                    {
                        offenders.Add($"{relative}: \"{literal.Groups[1].Value}\" (use ErrorIds)");
                    }
                }
            }

            Assert.True(offenders.Count == 0, "Error ids spelled outside ErrorIds:\n" + string.Join("\n", offenders.Distinct()));
        }

        private static string[] AllIds() => typeof(ErrorIds)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToArray();

        /// <summary>The ERROR IDS section of the about topic, up to the next section heading.</summary>
        private static string ErrorIdTable()
        {
            string about = File.ReadAllText(Path.Combine(RepositoryRoot, "module", "en-US", "about_SupplyChainTools.help.txt"));
            Match section = Regex.Match(about, @"^  ERROR IDS\r?\n(?<body>.*?)(?=^  [A-Z][A-Z -]+\r?$)", RegexOptions.Multiline | RegexOptions.Singleline);
            Assert.True(section.Success, "about_SupplyChainTools has no ERROR IDS section.");
            return section.Groups["body"].Value;
        }

        private static string FindRepositoryRoot()
        {
            for (DirectoryInfo? folder = new DirectoryInfo(AppContext.BaseDirectory); folder != null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "SupplyChainTools.sln")))
                {
                    return folder.FullName;
                }
            }

            throw new InvalidOperationException("The repository root (with SupplyChainTools.sln) is not above " + AppContext.BaseDirectory);
        }
    }
}
