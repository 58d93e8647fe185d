using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;

namespace SupplyChainTools.Core.Dependencies.Python
{
    /// <summary>A logical line of a requirements file: continuations joined, the comment removed, its first physical line kept.</summary>
    internal sealed class RequirementLine
    {
        public RequirementLine(string text, int line)
        {
            Text = text;
            Line = line;
        }

        public string Text { get; }
        public int Line { get; }

        public bool IsOption => Text.StartsWith("-", StringComparison.Ordinal);
    }

    /// <summary>
    /// pip's requirements file format (pip.pypa.io "Requirements File Format"): one requirement or option per
    /// line, '\' continues a line, '#' starts a comment at the line start or after whitespace. Bounded in lines.
    /// </summary>
    internal static class RequirementsFile
    {
        private const int MaxLines = 200_000;

        /// <summary>requirements.txt, requirements-dev.txt, dev-requirements.txt, constraints.txt, and any .txt in a requirements/ folder.</summary>
        public static bool IsRequirementsFile(DependencyFile file)
        {
            string name = file.Name;
            if (!name.EndsWith(".txt", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            return name.StartsWith("requirements", StringComparison.OrdinalIgnoreCase) || name.EndsWith("requirements.txt", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("constraints", StringComparison.OrdinalIgnoreCase)
                || file.RelativePath.IndexOf("requirements/", StringComparison.OrdinalIgnoreCase) >= 0;
        }

        public static List<RequirementLine> Read(DependencyFile file, CancellationToken cancellationToken)
        {
            DependencyText text = DependencyText.Read(file, cancellationToken);
            string[] physical = text.Text.Split('\n');
            if (physical.Length > MaxLines)
            {
                throw text.Invalid(MaxLines, $"more than {MaxLines} lines");
            }

            var lines = new List<RequirementLine>();
            var current = new StringBuilder();
            int start = 0;
            for (int i = 0; i < physical.Length; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                string line = StripComment(physical[i].TrimEnd('\r'));
                if (current.Length == 0)
                {
                    start = i + 1;
                }

                if (line.EndsWith("\\", StringComparison.Ordinal))
                {
                    current.Append(line, 0, line.Length - 1).Append(' ');
                    continue;
                }

                current.Append(line);
                string logical = current.ToString().Trim();
                current.Clear();
                if (logical.Length > 0)
                {
                    lines.Add(new RequirementLine(logical, start));
                }
            }

            if (current.Length > 0 && current.ToString().Trim().Length > 0)
            {
                lines.Add(new RequirementLine(current.ToString().Trim(), start));
            }

            return lines;
        }

        private static string StripComment(string line)
        {
            for (int i = 0; i < line.Length; i++)
            {
                if (line[i] == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1])))
                {
                    return line.Substring(0, i).TrimEnd();
                }
            }

            return line;
        }

        /// <summary>The value of an option line ("--extra-index-url URL", "--extra-index-url=URL", "-i URL"); null when the line is another option.</summary>
        public static string? OptionValue(RequirementLine line, params string[] names)
        {
            foreach (string name in names)
            {
                if (line.Text.StartsWith(name + "=", StringComparison.Ordinal))
                {
                    return line.Text.Substring(name.Length + 1).Trim();
                }

                if (line.Text.StartsWith(name + " ", StringComparison.Ordinal) || line.Text.StartsWith(name + "\t", StringComparison.Ordinal))
                {
                    return line.Text.Substring(name.Length).Trim();
                }
            }

            return null;
        }
    }
}
