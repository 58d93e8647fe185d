using System;
using System.IO;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace SupplyChainTools.Core.Dependencies
{
    /// <summary>
    /// YamlDotNet's parser with bounds: nesting depth (a deep [[[[... would exhaust the stack of the recursive
    /// node builder) and the number of events (the size of the node tree).
    /// </summary>
    internal sealed class BoundedYamlParser : IParser
    {
        public const int MaximumDepth = 64;
        public const int MaximumEvents = 2_000_000;

        private readonly IParser _inner;
        private int _depth;
        private int _events;

        public BoundedYamlParser(IParser inner)
        {
            _inner = inner;
        }

        /// <summary>
        /// The YAML documents of <paramref name="text"/> (aliases resolved to their anchored nodes), read within the
        /// bounds; anything YamlDotNet refuses is one <see cref="DependencyFileFormatException"/> naming the line.
        /// </summary>
        public static YamlStream Load(string text, string path)
        {
            var stream = new YamlStream();
            var parser = new BoundedYamlParser(new Parser(new StringReader(text)));
            try
            {
                stream.Load(parser);
                return stream;
            }
            catch (YamlException exception)
            {
                int line = exception.Start.Line > 0 ? (int)Math.Min(int.MaxValue, exception.Start.Line) : parser.LastLine;
                throw new DependencyFileFormatException(path, line, "Not valid YAML: " + exception.Message, exception);
            }
            catch (Exception exception) when (exception is InvalidOperationException || exception is ArgumentException)
            {
                // YamlDotNet's node builder reports some malformed documents (a duplicate key, a stray event) this way.
                throw new DependencyFileFormatException(path, parser.LastLine, "Not valid YAML: " + exception.Message, exception);
            }
        }

        public ParsingEvent? Current => _inner.Current;

        /// <summary>The line of the last event read: where a parse that failed without a position stopped.</summary>
        public int LastLine { get; private set; } = 1;

        public bool MoveNext()
        {
            if (!_inner.MoveNext())
            {
                return false;
            }

            ParsingEvent? current = _inner.Current;
            LastLine = current == null ? LastLine : (int)System.Math.Min(int.MaxValue, current.Start.Line);
            if (++_events > MaximumEvents)
            {
                throw new YamlException(current!.Start, current.End, "The document has more than " + MaximumEvents + " nodes.");
            }

            if (current is MappingStart || current is SequenceStart)
            {
                if (++_depth > MaximumDepth)
                {
                    throw new YamlException(current.Start, current.End, "The document nests deeper than " + MaximumDepth + " levels.");
                }
            }
            else if (current is MappingEnd || current is SequenceEnd)
            {
                _depth--;
            }

            return true;
        }
    }
}
