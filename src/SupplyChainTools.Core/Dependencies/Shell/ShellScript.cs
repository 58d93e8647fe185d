using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;

namespace SupplyChainTools.Core.Dependencies.Shell
{
    /// <summary>
    /// A bounded reader of the POSIX shell subset that install steps use: words, quotes, escapes, line continuations,
    /// comments, pipes and lists, redirections, here-documents (skipped), and $(...), `...`, &lt;(...) substitutions,
    /// which are kept as text for the caller to read as scripts of their own. It is not a shell: it never expands,
    /// and what it does not understand becomes words. Every command carries the line it starts on.
    /// </summary>
    internal static class ShellScript
    {
        public const int MaximumWordsPerCommand = 4096;
        public const int MaximumWordLength = 1024 * 1024;

        private static readonly HashSet<string> Prefixes = new HashSet<string>(StringComparer.Ordinal)
        {
            "sudo", "then", "do", "else", "elif", "if", "while", "until", "!", "{", "}", "time", "nohup", "command", "env",
        };

        /// <summary>The simple commands of <paramref name="text"/>, grouped in pipelines, in order.</summary>
        public static List<List<ShellCommand>> Parse(string text, int firstLine, CancellationToken cancellationToken)
        {
            var pipelines = new List<List<ShellCommand>>();
            var pipeline = new List<ShellCommand>();
            var words = new List<ShellWord>();
            var substitutions = new List<string>();
            var word = new StringBuilder();
            bool inWord = false;
            bool processSubstitution = false;
            string? redirect = null;
            bool redirectNext = false;
            string? hereDocument = null;
            int line = firstLine;
            int commandLine = firstLine;
            int i = 0;

            void EndWord()
            {
                if (!inWord)
                {
                    return;
                }

                if (redirectNext)
                {
                    redirect = word.ToString();
                    redirectNext = false;
                }
                else if (words.Count < MaximumWordsPerCommand)
                {
                    words.Add(new ShellWord(word.ToString(), substitutions.ToArray(), processSubstitution));
                }

                word.Clear();
                substitutions.Clear();
                inWord = false;
                processSubstitution = false;
            }

            void EndCommand(bool pipes)
            {
                EndWord();
                int first = 0;
                while (first < words.Count && (Prefixes.Contains(words[first].Text) || IsAssignment(words[first].Text) || (words[first].Text.StartsWith("-", StringComparison.Ordinal) && first > 0 && words[first - 1].Text == "sudo")))
                {
                    first++;
                }

                if (first == words.Count && words.Exists(w => w.Substitutions.Count > 0))
                {
                    first = 0; // x=$(curl ... | sh): only assignments, but their substitutions run
                }

                if (first < words.Count)
                {
                    var kept = new List<ShellWord>(words.Count - first);
                    for (int k = first; k < words.Count; k++)
                    {
                        kept.Add(words[k]);
                    }

                    pipeline.Add(new ShellCommand(kept, commandLine, redirect, pipes));
                }

                words.Clear();
                redirect = null;
                redirectNext = false;
                if (!pipes && pipeline.Count > 0)
                {
                    pipelines.Add(pipeline);
                    pipeline = new List<ShellCommand>();
                }
            }

            void StartWord()
            {
                if (!inWord && words.Count == 0 && !redirectNext)
                {
                    commandLine = line;
                }

                inWord = true;
            }

            void Append(char c)
            {
                if (word.Length >= MaximumWordLength)
                {
                    throw new FormatException("A word is longer than " + MaximumWordLength + " characters.");
                }

                StartWord();
                word.Append(c);
            }

            while (i < text.Length)
            {
                if ((i & 0xFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                char c = text[i];
                if (c == '\n')
                {
                    EndCommand(false);
                    line++;
                    i++;
                    if (hereDocument != null)
                    {
                        i = SkipHereDocument(text, i, hereDocument, ref line);
                        hereDocument = null;
                    }

                    continue;
                }

                if (c == '\\' && i + 1 < text.Length)
                {
                    if (text[i + 1] == '\n')
                    {
                        line++;
                        i += 2;
                        continue;
                    }

                    if (text[i + 1] == '\r' && i + 2 < text.Length && text[i + 2] == '\n')
                    {
                        line++;
                        i += 3;
                        continue;
                    }

                    Append(text[i + 1]);
                    i += 2;
                    continue;
                }

                if (c == '\r' || c == ' ' || c == '\t')
                {
                    EndWord();
                    i++;
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

                if (c == '\'')
                {
                    int end = text.IndexOf('\'', i + 1);
                    end = end < 0 ? text.Length : end;
                    StartWord();
                    for (int k = i + 1; k < end; k++)
                    {
                        if (text[k] == '\n')
                        {
                            line++;
                        }

                        Append(text[k]);
                    }

                    i = end + 1;
                    continue;
                }

                if (c == '"')
                {
                    StartWord();
                    i++;
                    while (i < text.Length && text[i] != '"')
                    {
                        if (text[i] == '\\' && i + 1 < text.Length)
                        {
                            Append(text[i + 1]);
                            i += 2;
                            continue;
                        }

                        if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '(')
                        {
                            i = ReadSubstitution(text, i + 1, substitutions, word, ref line);
                            continue;
                        }

                        if (text[i] == '\n')
                        {
                            line++;
                        }

                        Append(text[i]);
                        i++;
                    }

                    i++;
                    continue;
                }

                if (c == '$' && i + 1 < text.Length && text[i + 1] == '(')
                {
                    StartWord();
                    i = ReadSubstitution(text, i + 1, substitutions, word, ref line);
                    continue;
                }

                if (c == '`')
                {
                    int end = text.IndexOf('`', i + 1);
                    end = end < 0 ? text.Length : end;
                    StartWord();
                    string inner = text.Substring(i + 1, end - i - 1);
                    substitutions.Add(inner);
                    foreach (char d in inner)
                    {
                        line += d == '\n' ? 1 : 0;
                    }

                    i = end + 1;
                    continue;
                }

                if ((c == '<' || c == '>') && i + 1 < text.Length && text[i + 1] == '(' && !inWord)
                {
                    StartWord();
                    processSubstitution = c == '<';
                    i = ReadSubstitution(text, i + 1, substitutions, word, ref line);
                    continue;
                }

                if (c == '<' && i + 1 < text.Length && text[i + 1] == '<')
                {
                    EndWord();
                    i += 2;
                    if (i < text.Length && text[i] == '<')
                    {
                        i++; // here-string: the next word is its text
                        continue;
                    }

                    if (i < text.Length && text[i] == '-')
                    {
                        i++;
                    }

                    while (i < text.Length && (text[i] == ' ' || text[i] == '\t'))
                    {
                        i++;
                    }

                    int start = i;
                    while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] != ';' && text[i] != '|' && text[i] != '&')
                    {
                        i++;
                    }

                    hereDocument = text.Substring(start, i - start).Trim('\'', '"');
                    continue;
                }

                if (c == '>' || c == '<')
                {
                    string descriptor = inWord && IsDigits(word.ToString()) ? word.ToString() : string.Empty;
                    if (descriptor.Length > 0 || (inWord && word.ToString() == "&"))
                    {
                        word.Clear();
                        inWord = false;
                    }
                    else
                    {
                        EndWord();
                    }

                    bool output = c == '>';
                    i++;
                    if (i < text.Length && (text[i] == '>' || text[i] == '|'))
                    {
                        i++;
                    }

                    if (i < text.Length && text[i] == '&')
                    {
                        // 2>&1: a descriptor, not a file
                        i++;
                        while (i < text.Length && (char.IsDigit(text[i]) || text[i] == '-'))
                        {
                            i++;
                        }

                        continue;
                    }

                    redirectNext = output && (descriptor.Length == 0 || descriptor == "1");
                    if (!redirectNext)
                    {
                        SkipWord(text, ref i);
                    }

                    continue;
                }

                if (c == '|' || c == '&' || c == ';' || c == '(' || c == ')')
                {
                    bool pipe = c == '|' && !(i + 1 < text.Length && text[i + 1] == '|');
                    if (c == '&' && i + 1 < text.Length && text[i + 1] == '>')
                    {
                        inWord = true;
                        word.Clear();
                        word.Append('&');
                        i++;
                        continue;
                    }

                    EndCommand(pipe);
                    i++;
                    if (i < text.Length && (text[i] == '|' || text[i] == '&' || text[i] == ';') && text[i - 1] != ';' && text[i - 1] != '(' && text[i - 1] != ')')
                    {
                        i++;
                    }

                    continue;
                }

                Append(c);
                i++;
            }

            EndCommand(false);
            return pipelines;
        }

        /// <summary>True for a word that is a variable assignment ("DEBIAN_FRONTEND=noninteractive").</summary>
        public static bool IsAssignment(string word)
        {
            int equals = word.IndexOf('=');
            if (equals <= 0)
            {
                return false;
            }

            for (int k = 0; k < equals; k++)
            {
                char c = word[k];
                if (!(c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (k > 0 && c >= '0' && c <= '9')))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsDigits(string text)
        {
            if (text.Length == 0)
            {
                return false;
            }

            foreach (char c in text)
            {
                if (c < '0' || c > '9')
                {
                    return false;
                }
            }

            return true;
        }

        private static void SkipWord(string text, ref int i)
        {
            while (i < text.Length && (text[i] == ' ' || text[i] == '\t'))
            {
                i++;
            }

            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] != ';' && text[i] != '|' && text[i] != '&' && text[i] != ')')
            {
                i++;
            }
        }

        /// <summary>Reads a balanced (...) starting at the '(' at <paramref name="open"/>; returns the index after it.</summary>
        private static int ReadSubstitution(string text, int open, List<string> substitutions, StringBuilder word, ref int line)
        {
            int depth = 0;
            int i = open;
            char quote = '\0';
            for (; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '\n')
                {
                    line++;
                }

                if (quote != '\0')
                {
                    if (c == quote)
                    {
                        quote = '\0';
                    }
                    else if (c == '\\' && quote == '"')
                    {
                        i++;
                    }

                    continue;
                }

                if (c == '\'' || c == '"')
                {
                    quote = c;
                }
                else if (c == '\\')
                {
                    i++;
                    line += i < text.Length && text[i] == '\n' ? 1 : 0;
                }
                else if (c == '(')
                {
                    depth++;
                }
                else if (c == ')' && --depth == 0)
                {
                    break;
                }
            }

            int end = Math.Min(i, text.Length);
            string inner = text.Substring(open + 1, Math.Max(0, end - open - 1));
            substitutions.Add(inner);
            word.Append("$(").Append(inner.Length > 64 ? inner.Substring(0, 64) : inner).Append(')');
            return end + 1;
        }

        private static int SkipHereDocument(string text, int i, string delimiter, ref int line)
        {
            while (i < text.Length)
            {
                int end = text.IndexOf('\n', i);
                string current = (end < 0 ? text.Substring(i) : text.Substring(i, end - i)).Trim();
                line++;
                i = end < 0 ? text.Length : end + 1;
                if (current == delimiter)
                {
                    break;
                }
            }

            return i;
        }
    }
}
