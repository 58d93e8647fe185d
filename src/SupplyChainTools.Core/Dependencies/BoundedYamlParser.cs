using YamlDotNet.Core;
using YamlDotNet.Core.Events;

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
