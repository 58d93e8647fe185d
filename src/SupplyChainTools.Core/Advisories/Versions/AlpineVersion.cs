using System;

namespace SupplyChainTools.Core.Advisories.Versions
{
    /// <summary>
    /// An Alpine package version as apk-tools orders them (its version.c, the Gentoo-style form
    /// {digit}{.digit}...{letter}{_suffix{#}}...{-r#}): leading zeros after a dot weigh, a letter follows the
    /// digits, pre-release suffixes (_alpha, _beta, _pre, _rc) sort below the plain version and post-release ones
    /// (_cvs, _svn, _git, _hg, _p) above it, and -rN is the package revision. The xunit tests use apk-tools' own
    /// test/version.data. Numbers are 64-bit, so date-like suffixes compare as numbers.
    /// </summary>
    internal sealed class AlpineVersion : IComparable
    {
        public static readonly VersionScheme Scheme = new VersionScheme.Delegated("apk version", text => Parse(text));

        private static readonly string[] PreSuffixes = { "alpha", "beta", "pre", "rc" };
        private static readonly string[] PostSuffixes = { "cvs", "svn", "git", "hg", "p" };

        private readonly string _text;

        private AlpineVersion(string text)
        {
            _text = text;
        }

        private enum Token
        {
            Invalid = -1,
            DigitOrZero,
            Digit,
            Letter,
            Suffix,
            SuffixNumber,
            RevisionNumber,
            End,
        }

        /// <summary>The version when apk would accept it (apk_version_validate); null otherwise.</summary>
        public static AlpineVersion? Parse(string text)
        {
            if (text == null || text.Length == 0 || text.Length > VersionText.MaximumLength)
            {
                return null;
            }

            var cursor = new Cursor(text);
            Token type = Token.Digit;
            while (type != Token.End && type != Token.Invalid)
            {
                cursor.Next(ref type);
            }

            return type == Token.End ? new AlpineVersion(text) : null;
        }

        /// <summary>apk_version_compare.</summary>
        public int CompareTo(object? obj)
        {
            if (!(obj is AlpineVersion other))
            {
                throw new ArgumentException("Not an Alpine version.", nameof(obj));
            }

            var a = new Cursor(_text);
            var b = new Cursor(other._text);
            Token at = Token.Digit;
            Token bt = Token.Digit;
            long av = 0;
            long bv = 0;
            while (at == bt && at != Token.End && at != Token.Invalid && av == bv)
            {
                av = a.Next(ref at);
                bv = b.Next(ref bt);
            }

            if (av != bv)
            {
                return av < bv ? -1 : 1;
            }

            if (at == bt)
            {
                return 0;
            }

            // Equal so far: the longer version is greater, unless what it goes on with is a pre-release suffix.
            Token peek = at;
            if (at == Token.Suffix && a.Copy().Next(ref peek) < 0)
            {
                return -1;
            }

            peek = bt;
            if (bt == Token.Suffix && b.Copy().Next(ref peek) < 0)
            {
                return 1;
            }

            return at > bt ? -1 : bt > at ? 1 : 0;
        }

        public override string ToString() => _text;

        /// <summary>A position in the text, read token by token as apk-tools' get_token and next_token do.</summary>
        private struct Cursor
        {
            private readonly string _text;
            private int _at;

            public Cursor(string text)
            {
                _text = text;
                _at = 0;
            }

            private int Left => _text.Length - _at;

            public Cursor Copy() => this;

            /// <summary>The value of the token of <paramref name="type"/> here; moves past it and sets the next token's type.</summary>
            public long Next(ref Token type)
            {
                if (Left <= 0)
                {
                    type = Token.End;
                    return 0;
                }

                long value = 0;
                int length = 0;
                Token next = Token.Invalid;
                switch (type)
                {
                    case Token.DigitOrZero when _text[_at] == '0':
                        while (length < Left && _text[_at + length] == '0')
                        {
                            length++;
                        }

                        next = Token.Digit;
                        value = -length;
                        break;
                    case Token.DigitOrZero:
                    case Token.Digit:
                    case Token.SuffixNumber:
                    case Token.RevisionNumber:
                        while (length < Left && VersionText.IsDigit(_text[_at + length]))
                        {
                            if (length >= 18)
                            {
                                type = Token.Invalid; // beyond 64 bits: not a number apk could order
                                return -1;
                            }

                            value = (value * 10) + (_text[_at + length] - '0');
                            length++;
                        }

                        break;
                    case Token.Letter:
                        value = _text[_at];
                        length = 1;
                        break;
                    case Token.Suffix:
                        int pre = Match(PreSuffixes, out length);
                        if (pre >= 0)
                        {
                            value = pre - PreSuffixes.Length;
                            break;
                        }

                        int post = Match(PostSuffixes, out length);
                        if (post >= 0)
                        {
                            value = post;
                            break;
                        }

                        type = Token.Invalid;
                        return -1;
                    default:
                        type = Token.Invalid;
                        return -1;
                }

                _at += length;
                if (Left == 0)
                {
                    type = Token.End;
                }
                else if (next != Token.Invalid)
                {
                    type = next;
                }
                else
                {
                    NextType(ref type);
                }

                return value;
            }

            private int Match(string[] suffixes, out int length)
            {
                for (int i = 0; i < suffixes.Length; i++)
                {
                    if (string.CompareOrdinal(_text, _at, suffixes[i], 0, suffixes[i].Length) == 0 && suffixes[i].Length <= Left)
                    {
                        length = suffixes[i].Length;
                        return i;
                    }
                }

                length = 0;
                return -1;
            }

            /// <summary>next_token: the type of what follows, consuming its separator.</summary>
            private void NextType(ref Token type)
            {
                Token n = Token.Invalid;
                char c = _text[_at];
                if ((type == Token.Digit || type == Token.DigitOrZero) && c >= 'a' && c <= 'z')
                {
                    n = Token.Letter;
                }
                else if (type == Token.Letter && VersionText.IsDigit(c))
                {
                    n = Token.Digit;
                }
                else if (type == Token.Suffix && VersionText.IsDigit(c))
                {
                    n = Token.SuffixNumber;
                }
                else
                {
                    switch (c)
                    {
                        case '.':
                            n = Token.DigitOrZero;
                            break;
                        case '_':
                            n = Token.Suffix;
                            break;
                        case '-':
                            if (Left > 1 && _text[_at + 1] == 'r')
                            {
                                n = Token.RevisionNumber;
                                _at++;
                            }

                            break;
                    }

                    _at++;
                }

                if (n < type && !((n == Token.DigitOrZero && type == Token.Digit) || (n == Token.Suffix && type == Token.SuffixNumber) || (n == Token.Digit && type == Token.Letter)))
                {
                    n = Token.Invalid;
                }

                type = n;
            }
        }
    }
}
