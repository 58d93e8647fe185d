using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;

namespace SupplyChainTools.Core.Dependencies.PowerShell
{
    /// <summary>One statement of a PowerShell script: its text, its line, and its pipeline's commands split into words.</summary>
    internal sealed class PowerShellStatement
    {
        public PowerShellStatement(string text, int line, List<List<string>> commands)
        {
            Text = text;
            Line = line;
            Commands = commands;
        }

        public string Text { get; }

        public int Line { get; }

        /// <summary>Each command of the pipeline: its words, quotes removed; a parenthesised group is one word.</summary>
        public List<List<string>> Commands { get; }
    }

    /// <summary>
    /// A bounded splitter of PowerShell scripts into statements and words, enough to read the commands that install
    /// or download: quotes ('' and ` escapes), here-strings, comments and block comments, backtick continuations,
    /// pipes, and parenthesised groups kept whole. It never runs or expands anything.
    /// </summary>
    internal static class PowerShellStatements
    {
        public const int MaximumWordLength = 1024 * 1024;

        public static List<PowerShellStatement> Split(string text, int firstLine, CancellationToken cancellationToken)
        {
            var statements = new List<PowerShellStatement>();
            var raw = new StringBuilder();
            var commands = new List<List<string>>();
            var words = new List<string>();
            var word = new StringBuilder();
            bool inWord = false;
            int line = firstLine;
            int statementLine = firstLine;
            int depth = 0;
            int i = 0;

            void EndWord()
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }

            void EndCommand()
            {
                EndWord();
                if (words.Count > 0)
                {
                    commands.Add(new List<string>(words));
                    words.Clear();
                }
            }

            void EndStatement()
            {
                EndCommand();
                if (commands.Count > 0)
                {
                    statements.Add(new PowerShellStatement(raw.ToString().Trim(), statementLine, new List<List<string>>(commands)));
                }

                commands.Clear();
                raw.Clear();
                depth = 0;
            }

            void Append(char c)
            {
                if (word.Length >= MaximumWordLength)
                {
                    throw new FormatException("A word is longer than " + MaximumWordLength + " characters.");
                }

                if (!inWord && words.Count == 0 && commands.Count == 0)
                {
                    statementLine = line;
                }

                word.Append(c);
                raw.Append(c);
                inWord = true;
            }

            while (i < text.Length)
            {
                if ((i & 0xFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                char c = text[i];
                char next = i + 1 < text.Length ? text[i + 1] : '\0';
                if (c == '<' && next == '#')
                {
                    int close = text.IndexOf("#>", i + 2, StringComparison.Ordinal);
                    int end = close < 0 ? text.Length : close + 2;
                    for (int k = i; k < end; k++)
                    {
                        line += text[k] == '\n' ? 1 : 0;
                    }

                    i = end;
                    continue;
                }

                if (c == '#' && !inWord)
                {
                    while (i < text.Length && text[i] != '\n')
                    {
                        i++;
                    }

                    continue;
                }

                if (c == '`' && (next == '\n' || (next == '\r' && i + 2 < text.Length && text[i + 2] == '\n')))
                {
                    i += next == '\n' ? 2 : 3;
                    line++;
                    EndWord();
                    raw.Append(' ');
                    continue;
                }

                if (c == '\n')
                {
                    line++;
                    i++;
                    if (depth > 0 || EndsWithContinuation(raw))
                    {
                        EndWord();
                        raw.Append(' ');
                        continue;
                    }

                    EndStatement();
                    continue;
                }

                if (c == '@' && (next == '\'' || next == '"') && i + 2 < text.Length && (text[i + 2] == '\n' || text[i + 2] == '\r'))
                {
                    int close = text.IndexOf("\n" + next + "@", i + 2, StringComparison.Ordinal);
                    int end = close < 0 ? text.Length : close + 3;
                    for (int k = i; k < end; k++)
                    {
                        line += text[k] == '\n' ? 1 : 0;
                    }

                    Append('@');
                    i = end;
                    continue;
                }

                if (c == '\'' || c == '"')
                {
                    if (!inWord && words.Count == 0 && commands.Count == 0)
                    {
                        statementLine = line;
                    }

                    inWord = true;
                    raw.Append(c);
                    i++;
                    while (i < text.Length)
                    {
                        char q = text[i];
                        if (q == c && !(i + 1 < text.Length && text[i + 1] == c))
                        {
                            break;
                        }

                        if (q == c || (c == '"' && q == '`' && i + 1 < text.Length))
                        {
                            i++;
                            q = text[i];
                        }

                        line += q == '\n' ? 1 : 0;
                        Append(q);
                        i++;
                    }

                    raw.Append(c);
                    i++;
                    continue;
                }

                if (depth > 0)
                {
                    depth += c == '(' ? 1 : c == ')' ? -1 : 0;
                    Append(c);
                    i++;
                    continue;
                }

                switch (c)
                {
                    case '(':
                        depth++;
                        Append(c);
                        break;
                    case ' ':
                    case '\t':
                    case '\r':
                        EndWord();
                        raw.Append(c);
                        break;
                    case '|':
                        EndCommand();
                        raw.Append(c);
                        break;
                    case ';':
                    case '{':
                    case '}':
                        EndStatement();
                        break;
                    default:
                        Append(c);
                        break;
                }

                i++;
            }

            EndStatement();
            return statements;
        }

        private static bool EndsWithContinuation(StringBuilder raw)
        {
            for (int k = raw.Length - 1; k >= 0; k--)
            {
                if (!char.IsWhiteSpace(raw[k]))
                {
                    return raw[k] == '|' || raw[k] == ',';
                }
            }

            return false;
        }
    }
}
