using System;
using System.Collections.Generic;

namespace SupplyChainTools.Core.Trust
{
    /// <summary>
    /// A thread-safe cache holding at most a fixed number of entries, evicting the least recently used. Every cache
    /// of certificates, keys and verdicts uses it, so that a run over files with ever more distinct signers keeps a
    /// flat working set: an evicted value is only recomputed, never wrong.
    /// </summary>
    public sealed class BoundedCache<TKey, TValue>
        where TKey : notnull
    {
        private readonly int _capacity;
        private readonly Dictionary<TKey, LinkedListNode<KeyValuePair<TKey, TValue>>> _entries;
        private readonly LinkedList<KeyValuePair<TKey, TValue>> _recency = new LinkedList<KeyValuePair<TKey, TValue>>();
        private readonly object _gate = new object();

        public BoundedCache(int capacity, IEqualityComparer<TKey>? comparer = null)
        {
            if (capacity < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(capacity), "A cache holds at least one entry.");
            }

            _capacity = capacity;
            _entries = new Dictionary<TKey, LinkedListNode<KeyValuePair<TKey, TValue>>>(comparer);
        }

        public int Count
        {
            get
            {
                lock (_gate)
                {
                    return _entries.Count;
                }
            }
        }

        public bool TryGetValue(TKey key, out TValue value)
        {
            lock (_gate)
            {
                if (_entries.TryGetValue(key, out LinkedListNode<KeyValuePair<TKey, TValue>>? node))
                {
                    _recency.Remove(node);
                    _recency.AddFirst(node);
                    value = node.Value.Value;
                    return true;
                }
            }

            value = default!;
            return false;
        }

        /// <summary>
        /// The cached value for <paramref name="key"/>, or the one <paramref name="create"/> makes (outside the lock, so a
        /// slow factory never blocks other keys). When two callers race, both get the value stored first.
        /// </summary>
        public TValue GetOrAdd(TKey key, Func<TKey, TValue> create)
        {
            if (TryGetValue(key, out TValue cached))
            {
                return cached;
            }

            TValue created = create(key);
            lock (_gate)
            {
                if (_entries.TryGetValue(key, out LinkedListNode<KeyValuePair<TKey, TValue>>? existing))
                {
                    return existing.Value.Value;
                }

                _entries.Add(key, _recency.AddFirst(new KeyValuePair<TKey, TValue>(key, created)));
                while (_entries.Count > _capacity)
                {
                    LinkedListNode<KeyValuePair<TKey, TValue>> oldest = _recency.Last!;
                    _recency.RemoveLast();
                    _entries.Remove(oldest.Value.Key);
                }
            }

            return created;
        }

        public void Clear()
        {
            lock (_gate)
            {
                _entries.Clear();
                _recency.Clear();
            }
        }
    }
}
