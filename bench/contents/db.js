'use strict';
// One MongoClient per process (the official driver pools connections), as the document's
// lib/baseMongodb: connect once, hand out collections of the database nodejs_cloumn.
const { MongoClient } = require('mongodb');

const uri = process.env.MONGODB_URI || 'mongodb://127.0.0.1:27017';
const client = new MongoClient(uri);
const ready = client.connect();

async function collection(name) {
  await ready;
  return client.db('nodejs_cloumn').collection(name);
}

module.exports = { client, collection };
